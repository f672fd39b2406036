import { Entity } from '@backstage/catalog-model';
import { Content } from '@backstage/core-components';
import { createDevApp } from '@backstage/dev-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import Grid from '@material-ui/core/Grid';
import {
  EntityJenkinsContent,
  EntityJenkinsLatestBuildCard,
  EntityJenkinsPendingApprovalsCard,
  jenkinsApiRef,
  jenkinsPlugin,
} from '../src';
import { DemoJenkinsApi } from './DemoJenkinsApi';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'payments-service',
    annotations: {
      'jenkins.io/job-full-name':
        'payments/payments-service, release:payments/deploy-production',
    },
  },
  spec: { type: 'service', owner: 'team-payments', lifecycle: 'production' },
};

createDevApp()
  .registerPlugin(jenkinsPlugin)
  .registerApi({
    api: jenkinsApiRef,
    deps: {},
    factory: () => new DemoJenkinsApi(),
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
