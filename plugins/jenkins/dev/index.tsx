import { Content } from '@backstage/core-components';
import { createDevApp } from '@backstage/dev-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { demoWorldFromDocuments } from '@internal/jenkins-demo-world';
import Grid from '@material-ui/core/Grid';
// The demo world of examples/, parsed at build time by the YAML loader the
// Backstage CLI bundles (multi-document mode: each file is a YAML stream).
// eslint-disable-next-line @backstage/no-undeclared-imports
import entityDocuments from '!!yml-loader?multiDocument=true!../../../examples/entities.yaml';
// eslint-disable-next-line @backstage/no-undeclared-imports
import orgDocuments from '!!yml-loader?multiDocument=true!../../../examples/org.yaml';
import {
  EntityJenkinsContent,
  EntityJenkinsLatestBuildCard,
  EntityJenkinsPendingApprovalsCard,
  jenkinsApiRef,
  jenkinsPlugin,
} from '../src';
import { DemoJenkinsApi } from './DemoJenkinsApi';

const world = demoWorldFromDocuments([...entityDocuments, ...orgDocuments]);
const entity = world.entity('component:default/payments-service')!;
const user = world.entity('user:default/alice')!;

createDevApp()
  .registerPlugin(jenkinsPlugin)
  .registerApi({
    api: jenkinsApiRef,
    deps: {},
    factory: () => new DemoJenkinsApi(entity, user),
  })
  .addPage({
    title: 'Jenkins tab',
    path: '/jenkins',
    element: (
      <EntityProvider entity={entity}>
        <Content>
          <EntityJenkinsContent />
        </Content>
      </EntityProvider>
    ),
  })
  .addPage({
    title: 'Jenkins cards',
    path: '/jenkins-cards',
    element: (
      <EntityProvider entity={entity}>
        <Content>
          <Grid container spacing={3}>
            <Grid item md={6}>
              <EntityJenkinsLatestBuildCard />
            </Grid>
            <Grid item md={6}>
              <EntityJenkinsPendingApprovalsCard />
            </Grid>
          </Grid>
        </Content>
      </EntityProvider>
    ),
  })
  .render();
