/**
 * Jenkins for Backstage entity pages.
 *
 * @packageDocumentation
 */
export { jenkinsPlugin, EntityJenkinsContent, rootRouteRef } from './plugin';
