/**
 * A body as Jenkins' Notification plugin sends it (`Phase.buildJobState`,
 * Gson with `LOWER_CASE_WITH_UNDERSCORES`, null fields left out): `url` is
 * `Job.getUrl()`, `name` only the short name.
 */
export function notification(
  fullName: string,
  number: number,
  phase: 'QUEUED' | 'STARTED' | 'COMPLETED' | 'FINALIZED',
  status?: string,
): object {
  const url = `${fullName
    .split('/')
    .map(part => `job/${encodeURIComponent(part)}`)
    .join('/')}/`;
  return {
    name: fullName.split('/').pop(),
    display_name: fullName.split('/').pop(),
    url,
    build: {
      full_url: `http://jenkins.example.com/${url}${number}/`,
      number,
      queue_id: 41,
      timestamp: 1_700_000_000_000,
      duration: phase === 'COMPLETED' || phase === 'FINALIZED' ? 41_000 : 0,
      phase,
      ...(status ? { status } : {}),
      url: `${url}${number}/`,
      scm: { changes: [], culprits: [] },
      parameters: { VERSION: '2.5.0', BACKSTAGE_REQUEST_ID: 'req-1' },
      log: '',
      notes: '',
      artifacts: {},
    },
  };
}
