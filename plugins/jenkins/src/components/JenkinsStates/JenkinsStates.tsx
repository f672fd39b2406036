import { EmptyState } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';
import Box from '@material-ui/core/Box';
import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import Skeleton from '@material-ui/lab/Skeleton';
import { makeStyles } from '@material-ui/core/styles';
import { ReactNode } from 'react';
import { JENKINS_JOB_FULL_NAME_ANNOTATION } from '@internal/plugin-jenkins-common';

/** The message to show for a failure: the server's own words when it sent some. */
export function errorMessage(error: unknown): string {
  if (ResponseError.is(error)) {
    return error.cause.message || error.message;
  }
  if (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { message?: unknown }).message === 'string'
  ) {
    return (error as Error).message;
  }
  return String(error);
}

/** Whether a failure is a permission denial (HTTP 403). */
export function isDeniedError(error: unknown): boolean {
  return ResponseError.is(error) && error.statusCode === 403;
}

/**
 * The error state of a view: what failed, then the server's message
 * verbatim (its own line, so it can be read and searched as sent). A denial
 * is a warning that says which permission is missing, not a crash.
 */
export const JenkinsErrorPanel = (props: {
  error: Error;
  title?: string;
  /** Offers "Try again" for failures that may pass (not for denials). */
  onRetry?: () => void;
}) => {
  const message = errorMessage(props.error);
  const denied = isDeniedError(props.error);
  const status = ResponseError.is(props.error)
    ? ` (HTTP ${props.error.statusCode})`
    : '';
  return (
    <Alert
      severity={denied ? 'warning' : 'error'}
      role="alert"
      action={
        props.onRetry && !denied ? (
          <Button color="inherit" size="small" onClick={props.onRetry}>
            Try again
          </Button>
        ) : undefined
      }
    >
      <AlertTitle>
        {denied ? 'Permission denied' : props.title ?? 'Something went wrong'}
        {status}
      </AlertTitle>
      <Typography variant="body2">{message}</Typography>
    </Alert>
  );
};

/** Rows of grey placeholders where a list or table is about to appear. */
export const LoadingRows = (props: { rows?: number; label: string }) => (
  <Box role="progressbar" aria-label={props.label} aria-busy="true">
    {Array.from({ length: props.rows ?? 3 }, (_, i) => (
      <Skeleton
        key={i}
        variant="rect"
        height={32}
        style={{ marginBottom: 8 }}
      />
    ))}
  </Box>
);

/** An example annotation, shown to entity owners who have none yet. */
export const ANNOTATION_EXAMPLE = `metadata:
  annotations:
    # [instance:]folder/job, several separated by commas
    ${JENKINS_JOB_FULL_NAME_ANNOTATION}: payments/payments-service, release:payments/deploy-production`;

/**
 * The empty state of an entity without the Jenkins annotation: which
 * annotation to add, and an example of it.
 */
export const JenkinsMissingAnnotation = (props: { compact?: boolean }) =>
  props.compact ? (
    <Box>
      <Typography variant="body2">
        No Jenkins jobs are linked to this entity. Add the{' '}
        <code>{JENKINS_JOB_FULL_NAME_ANNOTATION}</code> annotation, for example:
      </Typography>
      <Box
        component="pre"
        p={1}
        bgcolor="background.default"
        style={{ overflowX: 'auto' }}
      >
        <Typography component="code" variant="caption">
          {ANNOTATION_EXAMPLE}
        </Typography>
      </Box>
    </Box>
  ) : (
    <EmptyState
      missing="field"
      title="No Jenkins jobs are linked to this entity"
      description={
        <>
          Add the <code>{JENKINS_JOB_FULL_NAME_ANNOTATION}</code> annotation to
          the entity's <code>catalog-info.yaml</code> to see its Jenkins jobs
          here. Name a job by its full path in Jenkins; prefix it with an
          instance name and a colon when it is not on the default instance.
        </>
      }
      action={
        <Box
          component="pre"
          p={2}
          bgcolor="background.default"
          aria-label="Annotation example"
          style={{ overflowX: 'auto' }}
        >
          <Typography component="code" variant="body2">
            {ANNOTATION_EXAMPLE}
          </Typography>
        </Box>
      }
    />
  );

/** Card titles are real headings, so screen readers can jump between cards. */
export const cardHeading = { component: 'h2' } as const;

const useErrorTextStyles = makeStyles(theme => ({
  text: {
    // error.main is too light for text on paper (WCAG AA 4.5:1).
    color:
      theme.palette.type === 'dark'
        ? theme.palette.error.light
        : theme.palette.error.dark,
  },
}));

/** A short failure message in text, readable (AA contrast) in both themes. */
export const ErrorText = (props: {
  children: ReactNode;
  variant?: 'body2' | 'caption';
}) => {
  const classes = useErrorTextStyles();
  return (
    <Typography
      variant={props.variant ?? 'body2'}
      role="alert"
      className={classes.text}
    >
      {props.children}
    </Typography>
  );
};
