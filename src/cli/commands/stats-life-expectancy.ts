import type { Command } from 'commander';
import { lifeExpectancyTable } from '../../domain/statistics/analyst-life-expectancy.ts';
import { lifeTableStartAges, type OpenAge } from '../../domain/statistics/life-expectancy-bands.ts';
import { confidenceOption, emit, type Format, formatOption, optionProblem, readTable } from './stats-io.ts';

/** `assure stats life-expectancy [FILE]`: Chiang life expectancy with Silcocks limits, as phe_life_expectancy. */
export function registerStatsLifeExpectancyCommand(stats: Command): void {
  stats
    .command('life-expectancy')
    .description('life expectancy at each age (Chiang, Silcocks limits); input area,startage,deaths,population with startage the first age of each band (0,1,5,10,…,90)')
    .argument('[file]')
    .option('--open-age <age>', 'first age of the open final band: 85 or 90', openAge, 90)
    .option('--ages <ages>', 'comma-separated start ages to report (default every band)', startAgeList)
    .addOption(confidenceOption())
    .addOption(formatOption())
    .action(async (file: string | undefined, options: { openAge: OpenAge; ages?: number[]; confidence: number[]; format: Format }) => {
      // --ages is checked against the bands of --open-age, which only the action sees together.
      const bandStarts = lifeTableStartAges(options.openAge);
      const unknown = (options.ages ?? []).filter((age) => !bandStarts.includes(age));
      if (unknown.length > 0) throw optionProblem('--ages', `${unknown.join(', ')}: not the start of a band of the ${options.openAge}+ life table (${bandStarts.join(', ')})`);
      const { table, source } = await readTable(file);
      const output = lifeExpectancyTable(table, source, {
        openAge: options.openAge,
        confidenceLevels: options.confidence,
        ...(options.ages === undefined ? {} : { startAges: options.ages }),
      });
      await emit(output, options.format);
    });
}

function openAge(raw: string): OpenAge {
  if (raw === '85' || raw === '90') return Number(raw) as OpenAge;
  throw optionProblem('--open-age', `"${raw}" must be 85 or 90`);
}

function startAgeList(raw: string): number[] {
  return raw.split(',').map((part) => {
    const age = Number(part.trim());
    if (part.trim() === '' || !Number.isInteger(age)) throw optionProblem('--ages', `"${part}" is not a whole number of years`);
    return age;
  });
}
