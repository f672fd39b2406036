import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { JenkinsPlaceholder } from './JenkinsPlaceholder';

describe('JenkinsPlaceholder', () => {
  it('renders in a test app', async () => {
    await renderInTestApp(<JenkinsPlaceholder />);
    expect(screen.getByText('Jenkins')).toBeInTheDocument();
  });
});
