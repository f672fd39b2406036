import {
  PermissionsService,
  RootConfigService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { AuditReadService } from '../audit/AuditReadService';
import {
  readAuditRetentionDays,
  scheduleAuditRetention,
} from '../audit/AuditRetention';
import { AuditTrail } from '../audit/AuditTrail';
import { DatabaseAuditStore } from '../audit/DatabaseAuditStore';
import { IdempotencyService } from '../idempotency/IdempotencyService';
import { JenkinsContext } from './JenkinsContext';
import { readBuildDescriptionTemplate } from '../writes/BuildDescription';
import { BuildWriteService } from '../writes/BuildWriteService';

/** The write side's services, shared by the HTTP routes and the actions. */
export interface WriteServices {
  writes: BuildWriteService;
  auditReads: AuditReadService;
  idempotency: IdempotencyService;
}

/**
 * Builds the write side on the plugin's shared context and schedules the
 * clean-up of old audit entries and expired idempotency keys.
 */
export async function createWriteServices(options: {
  context: JenkinsContext;
  config: RootConfigService;
  permissions: PermissionsService;
  scheduler: SchedulerService;
}): Promise<WriteServices> {
  const { context, config, permissions, scheduler } = options;
  const store = new DatabaseAuditStore(context.database);
  const trail = new AuditTrail({
    store,
    auditor: context.auditor,
    logger: context.logger,
  });
  const idempotency = new IdempotencyService(context.database);
  const retentionDays = readAuditRetentionDays(config);
  await scheduleAuditRetention({
    scheduler,
    store,
    retentionDays,
    logger: context.logger,
    alsoRun: async () => {
      await idempotency.deleteExpired();
    },
  });
  return {
    writes: new BuildWriteService({
      resolver: context.resolver,
      authorizer: context.authorizer,
      principals: context.principals,
      strategies: context.strategies,
      gateway: context.gateway,
      beforeStateCheck: (instance, fullName) =>
        context.gateway.invalidateJob(instance, fullName),
      trail,
      store,
      descriptionTemplate: readBuildDescriptionTemplate(config),
      logger: context.logger,
    }),
    auditReads: new AuditReadService({
      store,
      resolver: context.resolver,
      authorizer: context.authorizer,
      permissions,
    }),
    idempotency,
  };
}
