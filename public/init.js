// Progressive enhancement only: every page works without this script.
import { initAll } from '/static/nhsuk/nhsuk-frontend.min.js';

initAll();
