export { BuildActions } from './BuildActions';
