import type { Command } from 'commander';
import { evaluateCorpus, readCategories, readCorpus } from '../modules/cases/index.js';
import { CliError } from './cli-error.js';

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

export function registerCasesCommands(program: Command): void {
  const cases = program.command('cases').description('the city event centre (一网统管 cases)');
  cases
    .command('evaluate')
    .description(
      'train the case classifier on four fifths of the shipped corpus (data/cases/corpus) and measure it on the held-out fifth (chosen by a hash of each text): ' +
        'accuracy of the responsible department and of the category, and the most frequent department mix-ups. Needs no database.',
    )
    .option('--threshold <0..1>', 'automatic-dispatch threshold to report on', '0.6')
    .option('--json', 'print the report as JSON')
    .action((options: { threshold: string; json?: boolean }) => {
      const threshold = Number(options.threshold);
      if (!Number.isFinite(threshold) || threshold < 0 || threshold > 1) {
        throw new CliError(`--threshold must be between 0 and 1, not ${options.threshold}`);
      }
      const categories = readCategories();
      const corpus = readCorpus(new Set(categories.map((c) => c.code)));
      const report = evaluateCorpus(corpus, categories, threshold);
      if (options.json) {
        console.log(JSON.stringify(report, null, 2));
        return;
      }
      const departments = new Set(categories.map((c) => c.defaultDepartment));
      console.log(`corpus: ${corpus.length} texts, ${categories.length} categories, ${departments.size} departments`);
      console.log(`trained on ${report.trainTexts} texts in ${Math.round(report.trainingMs)} ms of CPU time, tested on ${report.testTexts} held-out texts`);
      console.log(`department accuracy (responsible department of the top category): ${pct(report.departmentAccuracy)}`);
      console.log(`category accuracy (top 1): ${pct(report.categoryAccuracy)}, labelled category in the top 3: ${pct(report.top3CategoryAccuracy)}`);
      console.log(
        `at threshold ${threshold}: ${pct(report.automatic.share)} of the texts would be dispatched automatically, ${pct(report.automatic.departmentAccuracy)} of them to the right department`,
      );
      console.log('recall by department:');
      for (const d of report.departments) {
        console.log(`  ${d.code.padEnd(16)} ${String(d.correct).padStart(4)} / ${String(d.texts).padEnd(4)} ${pct(d.correct / d.texts)}`);
      }
      console.log('most frequent department mix-ups (expected → predicted):');
      for (const c of report.confusions) {
        console.log(`  ${c.expected} → ${c.predicted}: ${c.count}`);
      }
    });
}
