import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { failedPaymentsGraph } from '../../testing/buildViewFixtures';
import { PipelineGraph } from './PipelineGraph';

const button = (name: string) =>
  screen.getByRole('button', { name: `Steps and log of ${name}` });

describe('PipelineGraph', () => {
  it('moves between stages and branches with the arrow keys, in reading order', async () => {
    const onSelect = jest.fn();
    await renderInTestApp(
      <PipelineGraph stages={failedPaymentsGraph} onSelect={onSelect} />,
    );
    // Announced when the first stage is reached with Tab.
    expect(button('stage Checkout')).toHaveAccessibleDescription(
      /Arrow keys move between stages/,
    );
    expect(button('stage Build')).not.toHaveAccessibleDescription();

    button('stage Checkout').focus();
    await userEvent.keyboard('{ArrowRight}');
    expect(button('stage Build')).toHaveFocus();
    await userEvent.keyboard('{ArrowDown}{ArrowDown}');
    // Test's first parallel branch comes after Test itself.
    expect(button('branch unit')).toHaveFocus();
    await userEvent.keyboard('{ArrowUp}');
    expect(button('stage Test')).toHaveFocus();
    await userEvent.keyboard('{End}');
    expect(button('stage Package')).toHaveFocus();
    await userEvent.keyboard('{ArrowRight}');
    expect(button('stage Package')).toHaveFocus();
    await userEvent.keyboard('{Home}');
    expect(button('stage Checkout')).toHaveFocus();
    await userEvent.keyboard('{ArrowLeft}');
    expect(button('stage Checkout')).toHaveFocus();

    // With a modifier the keys keep their browser meaning (Alt+← is Back).
    await userEvent.keyboard('{Alt>}{ArrowRight}{/Alt}');
    expect(button('stage Checkout')).toHaveFocus();

    // Enter opens what has the focus; the keys themselves select nothing.
    expect(onSelect).not.toHaveBeenCalled();
    await userEvent.keyboard('{End}{ArrowUp}{Enter}');
    expect(onSelect).toHaveBeenCalledWith(
      expect.objectContaining({ name: 'contract' }),
    );
  });

  it('still reaches every stage with Tab', async () => {
    await renderInTestApp(
      <PipelineGraph stages={failedPaymentsGraph} onSelect={jest.fn()} />,
    );
    await userEvent.tab();
    expect(button('stage Checkout')).toHaveFocus();
    await userEvent.tab();
    expect(button('stage Build')).toHaveFocus();
  });
});
