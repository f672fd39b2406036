import {
  actionResponseSchema,
  triggerResponseSchema,
} from '@internal/plugin-jenkins-common';
import { RegistryZod } from './actionInputs';
import { toRegistrySchema } from './registrySchema';

/** A run's answer: the queue item, as the HTTP API answers it. */
export const queueOutput = (z: RegistryZod) =>
  toRegistrySchema(triggerResponseSchema, z);

/** An abort's, cancel's or input answer's answer, as the HTTP API's. */
export const doneOutput = (z: RegistryZod) =>
  toRegistrySchema(actionResponseSchema, z);
