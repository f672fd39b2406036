import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Lazy-loaded extensions and a CPU shared with other test runs can take
// longer than the defaults to appear and to finish.
configure({ asyncUtilTimeout: 5000 });
jest.setTimeout(30000);
