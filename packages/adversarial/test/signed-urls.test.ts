import { held } from './helpers/pending.js';
import { registerSignedUrls } from './suites/signed-urls.js';

registerSignedUrls(held('signed-urls'));
