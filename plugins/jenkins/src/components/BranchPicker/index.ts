export {
  BranchPicker,
  BRANCH_SEARCH_DEBOUNCE_MS,
  BRANCH_SEARCH_PAGE_SIZE,
  listsEveryBranch,
} from './BranchPicker';
