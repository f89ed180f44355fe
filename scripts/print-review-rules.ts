// Prints the README's review-rule table from lib/domain/review/rules.ts (`npm run docs:review-rules`).
import { reviewRulesMarkdown } from "../lib/domain/review/rules";

process.stdout.write(`${reviewRulesMarkdown()}\n`);
