import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_BUILD_DESCRIPTION_TEMPLATE,
  readBuildDescriptionTemplate,
  renderBuildDescription,
} from './BuildDescription';

const context = {
  userRef: 'user:default/alice',
  jenkinsUser: 'alice',
  displayName: 'Alice',
  entityRef: 'component:default/payments-service',
  owner: 'group:default/team-payments',
  system: 'system:default/payments',
  requestId: 'req-1',
};

describe('build description', () => {
  it('names the person, entity, owner, system and request by default', () => {
    expect(
      renderBuildDescription(DEFAULT_BUILD_DESCRIPTION_TEMPLATE, context),
    ).toBe(
      'Started from Backstage by Alice (user:default/alice) for component:default/payments-service; owner group:default/team-payments, system system:default/payments; request req-1',
    );
  });

  it('takes the template from config', () => {
    const template = readBuildDescriptionTemplate(
      new ConfigReader({
        jenkins: {
          buildDescriptionTemplate: '{{ jenkinsUser }} via {{requestId}}',
        },
      }),
    );
    expect(renderBuildDescription(template, context)).toBe('alice via req-1');
  });

  it('refuses unknown placeholders at startup', () => {
    expect(() =>
      readBuildDescriptionTemplate(
        new ConfigReader({
          jenkins: { buildDescriptionTemplate: 'by {{user}}' },
        }),
      ),
    ).toThrow(/Unknown placeholder \{\{user\}\}/);
  });
});
