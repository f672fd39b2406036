import { toCauseDetails, toChangeSets } from './BuildRecordMapper';

describe('toCauseDetails', () => {
  it('types the causes Jenkins exports, restart and replay included', () => {
    expect(
      toCauseDetails({
        actions: [
          null,
          {
            causes: [
              {
                _class: 'hudson.model.Cause$UserIdCause',
                shortDescription: 'Started by user Alice',
                userId: 'alice',
                userName: 'Alice',
              },
              {
                _class:
                  'org.jenkinsci.plugins.pipeline.modeldefinition.causes.RestartDeclarativePipelineCause',
                shortDescription:
                  'Restarted from build #41, stage Deploy to staging',
              },
              {
                _class: 'org.jenkinsci.plugins.workflow.cps.replay.ReplayCause',
                shortDescription: 'Rebuilt #7',
              },
              {
                _class: 'hudson.triggers.TimerTrigger$TimerTriggerCause',
                shortDescription: 'Started by timer',
              },
              {
                _class: 'hudson.model.Cause$UpstreamCause',
                shortDescription:
                  'Started by upstream project "payments/build" build number 12',
                upstreamProject: 'payments/build',
                upstreamBuild: 12,
                upstreamUrl: 'job/payments/job/build/',
                upstreamCauses: [
                  {
                    _class: 'hudson.triggers.SCMTrigger$SCMTriggerCause',
                    shortDescription: 'Started by an SCM change',
                  },
                ],
              },
              { _class: 'com.example.CustomCause', shortDescription: 'Custom' },
            ],
          },
        ],
      }),
    ).toEqual([
      {
        kind: 'user',
        description: 'Started by user Alice',
        userId: 'alice',
        userName: 'Alice',
      },
      {
        kind: 'restart',
        description: 'Restarted from build #41, stage Deploy to staging',
        originBuild: 41,
        stage: 'Deploy to staging',
      },
      {
        kind: 'replay',
        description: 'Rebuilt #7',
        originBuild: 7,
        sameScript: true,
      },
      { kind: 'timer', description: 'Started by timer' },
      {
        kind: 'upstream',
        description:
          'Started by upstream project "payments/build" build number 12',
        project: 'payments/build',
        build: 12,
        url: 'job/payments/job/build/',
        causes: [{ kind: 'scm', description: 'Started by an SCM change' }],
      },
      {
        kind: 'other',
        description: 'Custom',
        jenkinsClass: 'com.example.CustomCause',
      },
    ]);
  });
});

describe('toChangeSets', () => {
  it('keeps the newest commits when a build has too many', () => {
    const items = Array.from({ length: 250 }, (_, i) => ({
      commitId: `c${i}`,
      msg: `commit ${i}`,
      authorEmail: 'a@example.com',
      author: { fullName: 'A' },
      timestamp: 1000 + i,
    }));
    const result = toChangeSets(
      { changeSets: [{ kind: 'git', items }] },
      email => (email === 'a@example.com' ? 'user:default/a' : null),
    );
    expect(result.truncated).toBe(true);
    expect(result.changeSets[0].commits).toHaveLength(200);
    expect(result.changeSets[0].commits[0].id).toBe('c50');
    expect(result.changeSets[0].commits[0].author).toEqual({
      name: 'A',
      email: 'a@example.com',
      userRef: 'user:default/a',
    });
  });
});
