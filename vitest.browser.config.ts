import { BROWSER, suite } from './vitest.config.js';

export default suite([BROWSER]);
