import { startJenkinsSim, JenkinsSim } from '../startJenkinsSim';
import { simHttp, token } from './simHttp';

/*
 * Cancelling queue items. Source: jenkinsci/jenkins core
 * hudson.model.Queue#doCancelItem (HttpResponses.error(code, message),
 * rendered as the oops page with that status by
 * InstallUncaughtExceptionHandler.ErrorCustomizer), Queue#getItem(long)
 * (left items included), Queue.Item#doCancelQueue and Queue.Item#getApi.
 * In the demo carol reads everything but may cancel nothing; alice may
 * cancel in payments/.
 */
describe('queue: cancel refusals', () => {
  let sim: JenkinsSim;
  const alice = { basic: token('alice') };
  const carol = { basic: token('carol') };

  beforeAll(async () => {
    sim = await startJenkinsSim({ port: 0, virtualClock: true });
  });
  afterAll(() => sim.close());
  beforeEach(() => sim.control.reset());

  async function queued(): Promise<string> {
    const res = await simHttp(
      `${sim.url}/job/payments/job/deploy-staging/buildWithParameters`,
      { method: 'POST', ...alice },
    );
    return /item\/(\d+)\//.exec(res.headers.location!)![1];
  }

  const cancel = (query: string, who = alice) =>
    simHttp(`${sim.url}/queue/cancelItem${query}`, { method: 'POST', ...who });

  const state = async (id: string) =>
    (await simHttp(`${sim.url}/queue/item/${id}/api/json`, alice)).json();

  // doCancelItem: readable but !item.hasCancelPermission() → HttpResponses.error(422, …).
  it('answers 422 "is not cancellable" to a reader without Job/Cancel and keeps the item', async () => {
    const id = await queued();
    const res = await cancel(`?id=${id}`, carol);
    expect(res.status).toBe(422);
    expect(res.headers['content-type']).toBe('text/html;charset=utf-8');
    expect(res.text).toContain(`Item for id (${id}) is not cancellable`);
    expect((await state(id))._class).toBe('hudson.model.Queue$WaitingItem');
  });

  // doCancelItem: cancel(item) → 204 (HttpResponses.status(SC_NO_CONTENT)), no body.
  it('answers 204 with no body when the item is cancelled', async () => {
    const id = await queued();
    const res = await cancel(`?id=${id}`);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(await state(id)).toMatchObject({ cancelled: true });
  });

  // getItem(id) finds left items; LeftItem.leave() is false, so cancel fails → 500.
  it('answers 500 "Could not cancel run" for an item that already left the queue', async () => {
    const id = await queued();
    sim.control.advance(6000);
    expect((await state(id))._class).toBe('hudson.model.Queue$LeftItem');
    const res = await cancel(`?id=${id}`);
    expect(res.status).toBe(500);
    expect(res.text).toContain(`Could not cancel run for id ${id}`);
    // A reader without Job/Cancel hears 422 for it, as for a waiting item.
    expect((await cancel(`?id=${id}`, carol)).status).toBe(422);
  });

  // Unknown, unreadable, missing or malformed ids: 404; `@QueryParameter long id` makes the last two 0.
  it('answers 404 "Provided id (N) not found", with N as parsed', async () => {
    const unknown = await cancel('?id=999999');
    expect(unknown.status).toBe(404);
    expect(unknown.text).toContain('Provided id (999999) not found');
    expect((await cancel('')).text).toContain('Provided id (0) not found');
    expect((await cancel('?id=abc')).text).toContain(
      'Provided id (0) not found',
    );
    expect((await cancel('?id=0042')).text).toContain(
      'Provided id (42) not found',
    );
  });

  // @RequirePOST.
  it('answers GET with 405', async () => {
    const id = await queued();
    const res = await simHttp(`${sim.url}/queue/cancelItem?id=${id}`, alice);
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('POST');
  });

  // Queue.Item#doCancelQueue: 204 whether or not hasCancelPermission() let it cancel.
  it('answers the deprecated cancelQueue with 204 even when it cancels nothing', async () => {
    const id = await queued();
    const res = await simHttp(`${sim.url}/queue/item/${id}/cancelQueue`, {
      method: 'POST',
      ...carol,
    });
    expect(res.status).toBe(204);
    expect((await state(id))._class).toBe('hudson.model.Queue$WaitingItem');
  });

  // Queue.Item#getApi: DISCOVER without READ → AccessDeniedException naming task.getUrl(); no DISCOVER → 404.
  it('answers 403 for the api of an item the caller may discover but not read', async () => {
    sim.control.loadScenario({
      users: [
        { id: 'u', apiTokens: ['t'] },
        { id: 'root', apiTokens: ['t'] },
      ],
      roles: {
        global: [
          { name: 'a', permissions: ['Overall/Administer'], users: ['root'] },
          { name: 'r', permissions: ['Overall/Read'], users: ['u'] },
        ],
        items: [
          {
            name: 'd',
            pattern: 'seen',
            permissions: ['Job/Discover'],
            users: ['u'],
          },
        ],
      },
      jobs: [
        { name: 'seen', type: 'freestyle' },
        { name: 'hidden', type: 'freestyle' },
      ],
    });
    const root = { basic: ['root', 't'] as [string, string] };
    const u = { basic: ['u', 't'] as [string, string] };
    const ids: string[] = [];
    for (const job of ['seen', 'hidden']) {
      const res = await simHttp(`${sim.url}/job/${job}/build`, {
        method: 'POST',
        ...root,
      });
      ids.push(/item\/(\d+)\//.exec(res.headers.location!)![1]);
    }
    const seen = await simHttp(`${sim.url}/queue/item/${ids[0]}/api/json`, u);
    expect(seen.status).toBe(403);
    expect(seen.text).toContain('Please log in to access job/seen/');
    const hidden = await simHttp(`${sim.url}/queue/item/${ids[1]}/api/json`, u);
    expect(hidden.status).toBe(404);
    sim.control.loadScenario('demo');
  });
});
