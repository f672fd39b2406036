import { jobFullNameOfUrl, toQueueState } from './QueueItemMapper';

describe('toQueueState', () => {
  it('reports a waiting item with Jenkins reason', () => {
    expect(
      toQueueState(57, {
        _class: 'hudson.model.Queue$WaitingItem',
        why: 'In the quiet period. Expires in 4.9 sec',
      }),
    ).toEqual({
      queueId: 57,
      state: 'waiting',
      why: 'In the quiet period. Expires in 4.9 sec',
      buildNumber: null,
      buildUrl: null,
    });
  });

  it('reports blocked and buildable items', () => {
    expect(
      toQueueState(1, { _class: 'hudson.model.Queue$BlockedItem', why: 'x' })
        .state,
    ).toBe('blocked');
    expect(
      toQueueState(1, { _class: 'hudson.model.Queue$BuildableItem', why: 'y' })
        .state,
    ).toBe('buildable');
  });

  it('reports a started item with its build number', () => {
    expect(
      toQueueState(57, {
        _class: 'hudson.model.Queue$LeftItem',
        cancelled: false,
        executable: { number: 12, url: 'http://j/job/a/12/' },
      }),
    ).toEqual({
      queueId: 57,
      state: 'started',
      why: null,
      buildNumber: 12,
      buildUrl: 'http://j/job/a/12/',
    });
  });

  it('reports a cancelled item', () => {
    expect(
      toQueueState(57, {
        _class: 'hudson.model.Queue$LeftItem',
        cancelled: true,
        executable: null,
      }).state,
    ).toBe('cancelled');
  });
});

describe('jobFullNameOfUrl', () => {
  it('reads folder paths and encoded names', () => {
    expect(
      jobFullNameOfUrl('http://jenkins:8080/job/payments/job/deploy-staging/'),
    ).toBe('payments/deploy-staging');
    expect(jobFullNameOfUrl('http://j/job/repo/job/feature%252Ffoo/')).toBe(
      'repo/feature%2Ffoo',
    );
    expect(jobFullNameOfUrl('http://j/queue/item/1/')).toBeUndefined();
    expect(jobFullNameOfUrl(undefined)).toBeUndefined();
  });
});
