export { PendingInputs } from './PendingInputs';
