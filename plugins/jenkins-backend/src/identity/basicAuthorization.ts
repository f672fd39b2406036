import { BasicCredentials } from '../config/JenkinsConfig';

/** `Authorization: Basic …` for a Jenkins user and API token. */
export function basicAuthorization(credentials: BasicCredentials): string {
  return `Basic ${Buffer.from(
    `${credentials.user}:${credentials.apiToken}`,
  ).toString('base64')}`;
}
