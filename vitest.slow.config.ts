import { SLOW, suite } from './vitest.config.js';

export default suite([SLOW]);
