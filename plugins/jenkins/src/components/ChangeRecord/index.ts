export { ChangeRecordSection } from './ChangeRecordSection';
export { ChangeRecordView, changeRecordFileName } from './ChangeRecordView';
