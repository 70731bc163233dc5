import { held } from './helpers/pending.js';
import { registerSpendBudgets } from './suites/spend-budgets.js';

registerSpendBudgets(held('spend-budgets'));
