/** The web console's Node side: where its build lives and how to build it (the app itself is in web/). */
export { buildConsole, consoleBuilt, CONSOLE_DIST_DIR, CONSOLE_VITE_CONFIG } from './build-console.ts';
