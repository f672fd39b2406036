export { BuildView } from './BuildView';
