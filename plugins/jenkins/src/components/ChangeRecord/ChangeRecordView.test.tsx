import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ChangeRecord } from '@internal/plugin-jenkins-common';
import { jenkinsApiRef } from '../../api';
import {
  buildDetail,
  entityRef,
  fakeJenkinsApi,
  responseError,
} from '../../testing/jenkinsFixtures';
import { BuildViewContext } from '../BuildView/BuildSection';
import { ChangeRecordSection } from './ChangeRecordSection';
import { ChangeRecordView, changeRecordFileName } from './ChangeRecordView';

const REASON =
  'You started this deploy; another release manager must approve it';

const record: ChangeRecord = {
  schemaVersion: 1,
  generatedAt: '2026-12-01T06:00:00.000Z',
  entity: {
    ref: 'component:default/payments-service',
    title: null,
    owner: 'group:default/team-payments',
    system: 'system:default/payments',
  },
  job: {
    instance: 'default',
    fullName: 'payments/deploy-production',
    environment: 'production',
    url: null,
  },
  build: {
    number: 26,
    url: null,
    result: 'SUCCESS',
    building: false,
    startedAt: '2026-12-01T05:50:00.000Z',
    durationMs: 51_000,
    revision: null,
    commits: [],
  },
  requester: {
    userRef: 'user:default/bob',
    jenkinsUser: 'bob',
    via: 'portal',
    source: 'audit',
    time: '2026-12-01T05:49:55.000Z',
    requestId: 'req-1',
    decision: 'allow',
    jenkinsStatus: 201,
  },
  parameters: [
    { name: 'VERSION', value: '3.0.0', masked: false },
    { name: 'DEPLOY_TOKEN', value: '********', masked: true },
  ],
  steps: [
    {
      auditId: 'a1',
      action: 'approve',
      time: '2026-12-01T05:50:10.000Z',
      by: { userRef: 'user:default/bob', jenkinsUser: 'bob' },
      via: 'http',
      inputId: 'Promote',
      decision: 'deny',
      message: REASON,
      outcome: 'denied',
      jenkinsStatus: null,
      parameters: null,
    },
    {
      auditId: 'a2',
      action: 'approve',
      time: '2026-12-01T05:51:00.000Z',
      by: { userRef: 'user:default/dana', jenkinsUser: 'dana' },
      via: 'http',
      inputId: 'Promote',
      decision: 'allow',
      message: null,
      outcome: 'success',
      jenkinsStatus: 302,
      parameters: null,
    },
  ],
  approvedBy: ['user:default/dana'],
  separationOfDuties: 'kept',
  digest: { algorithm: 'sha256', value: 'ab'.repeat(32) },
};

describe('ChangeRecordView', () => {
  it('shows requester, approver, the policy decision of each step, Jenkins answers and the result', async () => {
    await renderInTestApp(<ChangeRecordView record={record} />);
    const change = screen.getByRole('table', { name: 'Change' });
    expect(
      within(change).getByText(/user:default\/bob via the Backstage portal/),
    ).toBeInTheDocument();
    expect(within(change).getByText('user:default/dana')).toBeInTheDocument();
    expect(within(change).getByText(/^Kept/)).toBeInTheDocument();
    expect(within(change).getByText('SUCCESS')).toBeInTheDocument();
    expect(within(change).getByText('51 s')).toBeInTheDocument();
    const steps = within(
      screen.getByRole('table', { name: 'Steps' }),
    ).getAllByRole('row');
    expect(steps).toHaveLength(3);
    expect(within(steps[1]).getByText('Denied')).toBeInTheDocument();
    expect(within(steps[1]).getByText(REASON)).toBeInTheDocument();
    expect(within(steps[1]).getByText(/not asked/)).toBeInTheDocument();
    expect(within(steps[2]).getByText('Allowed')).toBeInTheDocument();
    expect(within(steps[2]).getByText(/HTTP 302/)).toBeInTheDocument();
    // Secrets stay masked on paper.
    expect(screen.getByText('********')).toBeInTheDocument();
    expect(
      screen.getByText(new RegExp(record.digest.value)),
    ).toBeInTheDocument();
  });

  it('prints the record alone and downloads it as JSON', async () => {
    const print = jest.spyOn(window, 'print').mockImplementation(() => {});
    const created: Blob[] = [];
    const createObjectURL = jest.fn((blob: Blob) => {
      created.push(blob);
      return 'blob:record';
    });
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    await renderInTestApp(<ChangeRecordView record={record} />);
    await userEvent.click(screen.getByRole('button', { name: 'Print' }));
    expect(print).toHaveBeenCalled();
    const printCss = [...document.querySelectorAll('style')]
      .map(style => style.textContent ?? '')
      .find(css => css.includes('.jenkins-change-record'));
    expect(printCss).toMatch(/@media print[\s\S]*visibility: hidden/);
    await userEvent.click(
      screen.getByRole('button', { name: 'Download JSON' }),
    );
    expect(created).toHaveLength(1);
    expect(JSON.parse(await created[0].text())).toEqual(record);
    expect(changeRecordFileName(record)).toBe(
      'payments-deploy-production-26-change-record.json',
    );
  });
});

describe('ChangeRecordSection', () => {
  const context = (api: ReturnType<typeof fakeJenkinsApi>) =>
    ({
      entityRef,
      jobId: 'job-id',
      build: buildDetail({ number: 26 }),
      version: '1',
      isPipeline: true,
      target: undefined,
      onOpenBuild: () => {},
      refresh: () => {},
      showLog: () => {},
      api,
    } as unknown as BuildViewContext);

  it('loads the record of the build', async () => {
    const api = fakeJenkinsApi({
      getChangeRecord: jest.fn(async () => record),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[jenkinsApiRef, api]]}>
        <ChangeRecordSection context={context(api)} />
      </TestApiProvider>,
    );
    expect(
      await screen.findByText('Change record: payments/deploy-production #26'),
    ).toBeInTheDocument();
    expect(api.getChangeRecord).toHaveBeenCalledWith(entityRef, 'job-id', 26);
  });

  it('says when the record cannot be put together', async () => {
    const api = fakeJenkinsApi({
      getChangeRecord: jest.fn(async () => {
        throw await responseError(
          502,
          'Jenkins instance default is unreachable',
        );
      }),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[jenkinsApiRef, api]]}>
        <ChangeRecordSection context={context(api)} />
      </TestApiProvider>,
    );
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not put the change record together (HTTP 502)',
    );
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Jenkins instance default is unreachable',
    );
  });
});
