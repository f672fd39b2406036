import { CachingJenkinsGateway } from '../../jenkins/CachingJenkinsGateway';
import { BuildEventConsumer } from '../types';

/**
 * Drops every cached view of the event's job (its build lists and build
 * details, for every identity, and the views of the folders above it), so
 * that what people see is never staler than the event.
 */
export function dropCachedViews(
  gateway: Pick<CachingJenkinsGateway, 'invalidateJob'>,
): BuildEventConsumer {
  return {
    name: 'cache',
    async handle(event) {
      await gateway.invalidateJob(event.instance, event.jobFullName);
    },
  };
}
