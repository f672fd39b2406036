import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import {
  DEFAULT_AUDIT_RETENTION_DAYS,
  enforceAuditRetention,
  readAuditRetentionDays,
  scheduleAuditRetention,
} from './AuditRetention';
import { AuditStore } from './types';

describe('audit retention', () => {
  it('reads the retention from config, with a default', () => {
    expect(readAuditRetentionDays(new ConfigReader({}))).toBe(
      DEFAULT_AUDIT_RETENTION_DAYS,
    );
    expect(
      readAuditRetentionDays(
        new ConfigReader({ jenkins: { audit: { retentionDays: 30 } } }),
      ),
    ).toBe(30);
    expect(() =>
      readAuditRetentionDays(
        new ConfigReader({ jenkins: { audit: { retentionDays: 0 } } }),
      ),
    ).toThrow(/retentionDays/);
  });

  it('deletes entries older than the retention period', async () => {
    const deleteOlderThan = jest.fn(async () => 3);
    const store = { deleteOlderThan } as unknown as AuditStore;
    const now = Date.parse('2026-11-28T00:00:00.000Z');
    await expect(
      enforceAuditRetention({ store, retentionDays: 30, now: () => now }),
    ).resolves.toBe(3);
    expect(deleteOlderThan).toHaveBeenCalledWith(
      Date.parse('2026-10-29T00:00:00.000Z'),
    );
  });

  it('runs as a scheduled task that also runs the extra clean-up', async () => {
    const scheduler = mockServices.scheduler.mock();
    const deleteOlderThan = jest.fn(async () => 0);
    const alsoRun = jest.fn(async () => {});
    await scheduleAuditRetention({
      scheduler,
      store: { deleteOlderThan } as unknown as AuditStore,
      retentionDays: 7,
      logger: mockServices.logger.mock(),
      alsoRun,
    });
    const task = (scheduler.scheduleTask as jest.Mock).mock.calls[0][0];
    expect(task.id).toBe('jenkins-audit-retention');
    await task.fn(new AbortController().signal);
    expect(deleteOlderThan).toHaveBeenCalled();
    expect(alsoRun).toHaveBeenCalled();
  });
});
