import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { PendingInput } from '@internal/plugin-jenkins-common';
import { jenkinsApiRef } from '../../api';
import { entityRef, fakeJenkinsApi } from '../../testing/jenkinsFixtures';
import { PendingInputs } from './PendingInputs';

const REASON =
  'You started this deploy; another release manager must approve it';

const promote: PendingInput = {
  id: 'Promote',
  message: 'Promote to production?',
  proceedText: 'Proceed',
  abortText: 'Abort',
  parameters: [],
  canAnswer: { allowed: false, reason: REASON },
  approvers: {
    groups: ['group:default/release-managers'],
    people: ['user:default/dana'],
  },
};

async function renderInputs(
  input: PendingInput,
  api = fakeJenkinsApi(),
): Promise<typeof api> {
  await renderInTestApp(
    <TestApiProvider apis={[[jenkinsApiRef, api]]}>
      <PendingInputs
        entityRef={entityRef}
        jobId="job-id"
        buildNumber={12}
        inputs={[input]}
        onAnswered={() => {}}
      />
    </TestApiProvider>,
  );
  return api;
}

describe('PendingInputs under separation of duties', () => {
  it('disables Approve for the person who started the deploy, says why and whom to ask', async () => {
    const api = await renderInputs(promote);
    const approve = screen.getByRole('button', { name: 'Approve' });
    expect(approve).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Reject' })).toBeDisabled();
    // The reason is the button's description, for screen readers too.
    expect(approve).toHaveAccessibleDescription(REASON);
    expect(screen.getByText(REASON)).toBeInTheDocument();
    expect(
      screen.getByText('Ask dana (release-managers) to approve it.'),
    ).toBeInTheDocument();
    await userEvent.click(approve).catch(() => undefined);
    expect(api.answerInput).not.toHaveBeenCalled();
  });

  it('names the approver groups when nobody else is known', async () => {
    await renderInputs({
      ...promote,
      approvers: { groups: ['group:default/release-managers'], people: [] },
    });
    expect(
      screen.getByText('Ask a member of release-managers to approve it.'),
    ).toBeInTheDocument();
  });

  it('shows no hint to whoever may approve', async () => {
    await renderInputs({ ...promote, canAnswer: { allowed: true } });
    expect(screen.getByRole('button', { name: 'Approve' })).toBeEnabled();
    expect(screen.queryByText(/^Ask /)).not.toBeInTheDocument();
  });
});
