import { startJenkinsSim, JenkinsSim } from '../startJenkinsSim';
import { simHttp, token } from './simHttp';

/*
 * Who may answer an input step, and what the others get. Sources:
 * jenkinsci/pipeline-input-step-plugin InputStepExecution (doProceed,
 * doProceedEmpty, doSubmit, doAbort, preSubmissionCheck, preAbortCheck,
 * canSettle, canCancel); a refusal is a hudson.model.Failure, rendered by
 * jenkinsci/jenkins core Failure.generateResponse →
 * hudson/model/AbstractModelObject/error.jelly (status 400, X-Error header,
 * HTML page). In the demo, alice (team-payments) reads, cancels and
 * describes payments/deploy-production but is not in release-managers;
 * carol only reads.
 */
describe('input steps: refusals', () => {
  let sim: JenkinsSim;
  const bob = { basic: token('bob') };
  const alice = { basic: token('alice') };
  const carol = { basic: token('carol') };

  beforeAll(async () => {
    sim = await startJenkinsSim({ port: 0, virtualClock: true });
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.control.reset());

  async function pausedProductionBuild(): Promise<string> {
    const res = await simHttp(
      `${sim.url}/job/payments/job/deploy-production/buildWithParameters?VERSION=2.5.0&delay=0`,
      { method: 'POST', ...bob },
    );
    const item = (await simHttp(`${res.headers.location}api/json`, bob)).json();
    sim.control.advance(6000);
    return item.executable.url;
  }

  const pending = async (url: string) =>
    (await simHttp(`${url}wfapi/pendingInputActions`, bob)).json();

  // InputStepExecution.preSubmissionCheck: `new Failure("You need to be " + submitter + " to submit this.")`.
  it('answers proceedEmpty, proceed and submit by a non-submitter with the 400 Failure page', async () => {
    const url = await pausedProductionBuild();
    const attempts = [
      simHttp(`${url}input/Promote/proceedEmpty`, { method: 'POST', ...alice }),
      simHttp(`${url}input/Promote/proceed`, {
        method: 'POST',
        form: { json: '{"parameter":[]}' },
        ...alice,
      }),
      simHttp(`${url}input/Promote/submit`, {
        method: 'POST',
        form: { proceed: 'Proceed', json: '{"parameter":[]}' },
        ...carol,
      }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toBe('text/html;charset=utf-8');
      expect(res.headers['x-error']).toBe(
        'You need to be release-managers to submit this.',
      );
      expect(res.text).toContain(
        '<h1>Error</h1><p>You need to be release-managers to submit this.</p>',
      );
    }
    expect(await pending(url)).toHaveLength(1);
  });

  // InputStepExecution.preAbortCheck: `!canCancel() && !canSubmit()` refuses;
  // canCancel() is getRun().getParent().hasPermission(Job.CANCEL).
  it('lets alice, who holds Job/Cancel but is not a submitter, abort', async () => {
    const url = await pausedProductionBuild();
    const res = await simHttp(`${url}input/Promote/abort`, {
      method: 'POST',
      ...alice,
    });
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const build = (await simHttp(`${url}api/json`, alice)).json();
    expect(build).toMatchObject({ building: false, result: 'ABORTED' });
  });

  // InputStepExecution.doSubmit without `proceed` → doAbort → preAbortCheck; then the console redirect.
  it('treats submit without proceed as abort, so Job/Cancel suffices there too', async () => {
    const url = await pausedProductionBuild();
    const res = await simHttp(`${url}input/Promote/submit`, {
      method: 'POST',
      form: { abort: 'Abort' },
      ...alice,
    });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`${url}console`);
    expect(await pending(url)).toEqual([]);
  });

  // preAbortCheck's Failure names both ways in.
  it('refuses abort to carol (neither Job/Cancel nor submitter) with 400', async () => {
    const url = await pausedProductionBuild();
    const res = await simHttp(`${url}input/Promote/abort`, {
      method: 'POST',
      ...carol,
    });
    expect(res.status).toBe(400);
    expect(res.headers['x-error']).toBe(
      "You need to be 'release-managers' (or have Job/Cancel permissions) to cancel this.",
    );
    expect(await pending(url)).toHaveLength(1);
  });

  // jenkinsci/pipeline-stage-view-plugin RunAPI.doInputSubmit wraps every
  // failure of doProceed in a ServletException; @ServeJson rethrows it as a
  // RuntimeException, so core answers with the 500 oops page.
  it('answers wfapi/inputSubmit by a non-submitter, or for an unknown id, with 500', async () => {
    const url = await pausedProductionBuild();
    const form = { json: '{"parameter":[]}' };
    const refused = await simHttp(`${url}wfapi/inputSubmit?inputId=Promote`, {
      method: 'POST',
      form,
      ...alice,
    });
    expect(refused.status).toBe(500);
    expect(refused.text).toContain('Error processing Input Submit request.');
    const unknown = await simHttp(`${url}wfapi/inputSubmit?inputId=Nope`, {
      method: 'POST',
      form,
      ...bob,
    });
    expect(unknown.status).toBe(500);
    expect(unknown.text).toContain(
      'have an Input with an ID of &#39;Nope&#39;',
    );
    expect(await pending(url)).toHaveLength(1);
  });

  // canSettle → isMemberOf compares with the realm's IdStrategy
  // (SecurityRealm.getUserIdStrategy / getGroupIdStrategy: CASE_INSENSITIVE).
  it('matches submitter names ignoring case', async () => {
    sim.control.loadScenario({
      users: [
        { id: 'Dana', groups: ['Ops'], apiTokens: ['t'] },
        { id: 'eve', apiTokens: ['t'] },
      ],
      roles: {
        global: [
          {
            name: 'all',
            permissions: ['Overall/Read', 'Job/Read', 'Job/Build'],
            groups: ['authenticated'],
          },
        ],
      },
      jobs: [
        {
          name: 'gate',
          type: 'pipeline',
          stages: [
            {
              name: 'Ask',
              durationSeconds: 1,
              input: { id: 'Go', message: 'Go?', submitter: 'ops, EVE' },
            },
          ],
        },
      ],
    });
    const start = async () => {
      const res = await simHttp(`${sim.url}/job/gate/build?delay=0`, {
        method: 'POST',
        basic: ['eve', 't'],
      });
      const item = (
        await simHttp(`${res.headers.location}api/json`, {
          basic: ['eve', 't'],
        })
      ).json();
      sim.control.advance(2000);
      return item.executable.url as string;
    };
    for (const who of ['Dana', 'eve']) {
      const url = await start();
      const res = await simHttp(`${url}input/Go/proceedEmpty`, {
        method: 'POST',
        basic: [who, 't'],
      });
      expect(res.status).toBe(200);
    }
    sim.control.loadScenario('demo');
  });
});
