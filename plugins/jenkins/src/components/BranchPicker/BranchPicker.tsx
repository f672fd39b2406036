import { CompoundEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import CircularProgress from '@material-ui/core/CircularProgress';
import TextField from '@material-ui/core/TextField';
import Autocomplete from '@material-ui/lab/Autocomplete';
import {
  BranchesPage,
  BranchSummary,
  JobSummary,
} from '@internal/plugin-jenkins-common';
import { UIEvent, useCallback, useEffect, useRef, useState } from 'react';
import { jenkinsApiRef } from '../../api';
import { statusLabel } from '../BuildStatus';
import { errorMessage } from '../JenkinsStates';

/** How long typing pauses before the backend is asked. */
export const BRANCH_SEARCH_DEBOUNCE_MS = 250;

/** Branches asked for per page of the search. */
export const BRANCH_SEARCH_PAGE_SIZE = 20;

/** Whether the job's summary lists every branch (no search needed). */
export function listsEveryBranch(job: JobSummary): boolean {
  const listed = job.branches?.length ?? 0;
  return job.branchCount === undefined || job.branchCount === null
    ? true
    : job.branchCount <= listed;
}

function useDebounced<T>(value: T, delayMs: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), delayMs);
    return () => clearTimeout(timer);
  }, [value, delayMs]);
  return debounced;
}

interface SearchState {
  /** The search the items answer. */
  q: string;
  items: BranchSummary[];
  total: number;
  nextCursor: string | null;
  loading: boolean;
  error?: Error;
}

const idle: SearchState = {
  q: '',
  items: [],
  total: 0,
  nextCursor: null,
  loading: false,
};

/**
 * A multibranch job's branches, searched and paged by the backend: the
 * search waits for typing to pause, asks for a page of matching branches,
 * and asks for the next page when the list is scrolled to its end.
 */
const BranchSearch = (props: {
  entityRef: CompoundEntityRef;
  job: JobSummary;
  branch?: BranchSummary;
  onSelectBranch: (branch: BranchSummary) => void;
}) => {
  const { entityRef, job, branch, onSelectBranch } = props;
  const api = useApi(jenkinsApiRef);
  const [open, setOpen] = useState(false);
  // While the box has focus it holds the search; otherwise the branch shown.
  const [focused, setFocused] = useState(false);
  const [input, setInput] = useState('');
  const q = useDebounced(input.trim(), BRANCH_SEARCH_DEBOUNCE_MS);
  const [state, setState] = useState<SearchState>(idle);
  // Answers to a search typed over, or a list closed, are dropped.
  const asked = useRef(0);

  const search = useCallback(
    (query: string, cursor?: string) => {
      const call = ++asked.current;
      setState(s => ({ ...s, loading: true, error: undefined }));
      api
        .searchBranches(entityRef, job.id, {
          q: query || undefined,
          limit: BRANCH_SEARCH_PAGE_SIZE,
          cursor,
        })
        .then(
          (page: BranchesPage) => {
            if (call !== asked.current) return;
            setState(s => ({
              q: query,
              items: cursor ? [...s.items, ...page.items] : page.items,
              total: page.total,
              nextCursor: page.nextCursor,
              loading: false,
            }));
          },
          (error: Error) => {
            if (call !== asked.current) return;
            setState(s => ({ ...s, loading: false, error }));
          },
        );
    },
    [api, entityRef, job.id],
  );

  useEffect(() => {
    if (open) {
      search(q);
    } else {
      asked.current += 1;
    }
  }, [open, q, search]);

  const onScroll = (event: UIEvent<HTMLElement>) => {
    const list = event.currentTarget;
    const atEnd = list.scrollTop + list.clientHeight >= list.scrollHeight - 16;
    if (atEnd && state.nextCursor && !state.loading) {
      search(state.q, state.nextCursor);
    }
  };

  const status = (() => {
    if (state.error) {
      return `Could not search branches: ${errorMessage(state.error)}`;
    }
    if (!open || state.loading) {
      return `${job.branchCount} branches: type to search`;
    }
    if (state.total === 0) {
      return state.q ? `No branch matches “${state.q}”` : 'No branches';
    }
    return `${state.total} ${state.total === 1 ? 'branch' : 'branches'}${
      state.q ? ` match “${state.q}”` : ''
    }${
      state.items.length < state.total
        ? `, ${state.items.length} shown: scroll for more`
        : ''
    }`;
  })();

  return (
    <Autocomplete<BranchSummary, false, true, false>
      id={`jenkins-branch-${job.id}`}
      size="small"
      style={{ minWidth: 260 }}
      open={open}
      onOpen={() => setOpen(true)}
      onClose={() => setOpen(false)}
      options={state.items}
      value={branch}
      disableClearable
      // The backend searched: show its answer as it is.
      filterOptions={options => options}
      getOptionLabel={option => option.name}
      getOptionSelected={(option, value) => option.id === value.id}
      renderOption={option => (
        <span>
          {option.name}{' '}
          <small style={{ opacity: 0.7 }}>· {statusLabel(option.status)}</small>
        </span>
      )}
      loading={state.loading}
      loadingText="Searching branches…"
      noOptionsText={status}
      inputValue={focused || open ? input : branch?.name ?? ''}
      onInputChange={(_, value, reason) => {
        if (reason === 'input') {
          setInput(value);
          setOpen(true);
        }
      }}
      onFocus={() => setFocused(true)}
      onBlur={() => {
        setFocused(false);
        setInput('');
      }}
      onChange={(_, value) => {
        if (value) {
          setInput('');
          onSelectBranch(value);
        }
      }}
      ListboxProps={{ onScroll, 'aria-busy': state.loading }}
      renderInput={params => (
        <TextField
          {...params}
          label="Branch"
          variant="outlined"
          placeholder="Search branches"
          helperText={<span aria-live="polite">{status}</span>}
          inputProps={{
            ...params.inputProps,
            'aria-label': `Branch of ${job.displayName}`,
          }}
          InputLabelProps={{ shrink: true }}
          InputProps={{
            ...params.InputProps,
            endAdornment: (
              <>
                {state.loading && (
                  <CircularProgress
                    color="inherit"
                    size={16}
                    aria-label="Searching branches"
                  />
                )}
                {params.InputProps.endAdornment}
              </>
            ),
          }}
        />
      )}
    />
  );
};

/**
 * The branch selector of a multibranch job: a plain list when the job's
 * summary lists every branch, a search box served by the backend (search
 * and paging on the server) when the job has more branches than that.
 */
export const BranchPicker = (props: {
  entityRef: CompoundEntityRef;
  job: JobSummary;
  branch?: BranchSummary;
  onSelectBranch: (branch: BranchSummary) => void;
}) => {
  const { job, branch, onSelectBranch } = props;
  if (!listsEveryBranch(job)) {
    return <BranchSearch {...props} />;
  }
  const branches = job.branches ?? [];
  return (
    <TextField
      select
      SelectProps={{ native: true }}
      label="Branch"
      id={`jenkins-branch-${job.id}`}
      size="small"
      variant="outlined"
      value={branch?.id ?? ''}
      onChange={e => {
        const picked = branches.find(b => b.id === e.target.value);
        if (picked) onSelectBranch(picked);
      }}
      disabled={!branches.length}
      InputLabelProps={{ shrink: true }}
      inputProps={{ 'aria-label': `Branch of ${job.displayName}` }}
    >
      {!branches.length && <option value="">No branches</option>}
      {branches.map(b => (
        <option key={b.id} value={b.id}>
          {b.name}
        </option>
      ))}
    </TextField>
  );
};
