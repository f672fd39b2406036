export { authModuleOidcGroupsProvider as default } from './module';
