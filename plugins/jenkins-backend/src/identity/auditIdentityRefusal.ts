import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { IdentityMappingError } from './IdentityMappingError';
import { Caller } from './types';

/**
 * Tells Backstage's auditor that a person was refused because they cannot
 * be sent to Jenkins as exactly themselves (event `identity-refused`, medium
 * severity, failed). Reads and writes alike; a refused write is also in the
 * plugin's audit trail.
 *
 * @public
 */
export function auditIdentityRefusal(
  auditor: AuditorService,
  logger: LoggerService,
  caller: Caller,
  error: IdentityMappingError,
): void {
  auditor
    .createEvent({
      eventId: 'identity-refused',
      severityLevel: 'medium',
      meta: { userRef: caller.userRef, via: caller.via, reason: error.reason },
    })
    .then(event => event.fail({ error }))
    .catch(e =>
      logger.error(
        `Could not audit the identity refusal of ${caller.userRef}`,
        e as Error,
      ),
    );
}
