import { Caller } from '../identity/types';
import { JenkinsRequestContext } from '../jenkins/JenkinsGateway';
import { ResolvedJob } from '../jobs/ResolvedJob';
import { JenkinsPrincipal } from '../identity/types';

/**
 * The Jenkins call context of a caller's request on a job: a write (or the
 * state check before one) always goes as the person, never through a
 * shared read identity.
 */
export function jenkinsCallContext(
  principals: { principalFor(caller: Caller): JenkinsPrincipal },
  caller: Caller,
  job: ResolvedJob,
  purpose: JenkinsRequestContext['purpose'],
): JenkinsRequestContext {
  return {
    instance: job.instance,
    principal: principals.principalFor(caller),
    purpose,
  };
}
