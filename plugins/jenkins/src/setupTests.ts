import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// Lazy-loaded extensions and a CPU shared with other test runs can take
// longer than the default second to appear.
configure({ asyncUtilTimeout: 5000 });
