// Layer order and import cycles (docs/design.md, "Layers"). Run with `npm run lint` (also part of `npm test`).
// A folder of src/ may import its own files, folders of the same or a lower rank, never a higher one.
const ranks = {
  core: 0,
  engine: 1,
  scheduler: 2,
  policies: 2,
  attacks: 2,
  tasks: 2,
  timing: 3,
  faults: 3,
  compute: 3,
  actors: 4,
  config: 4,
  experiments: 5,
  distributed: 6,
  testing: 6,
  cli: 7,
};

const above = (rank) => Object.keys(ranks).filter((f) => ranks[f] > rank);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles make load order matter and layers meaningless; move the shared part down.',
      from: {},
      to: { circular: true },
    },
    ...Object.entries(ranks)
      .filter(([, rank]) => above(rank).length > 0)
      .map(([folder, rank]) => ({
        name: `layer-${folder}`,
        severity: 'error',
        comment: `src/${folder} may not import ${above(rank).join(', ')} (docs/design.md, "Layers")`,
        from: { path: `^src/${folder}/` },
        to: { path: `^src/(${above(rank).join('|')})/` },
      })),
    {
      name: 'unknown-layer',
      severity: 'error',
      comment: 'every folder of src/ has a rank in .dependency-cruiser.cjs; give a new one its place',
      from: {},
      to: { path: '^src/[^/]+/', pathNot: `^src/(${Object.keys(ranks).join('|')})/` },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    includeOnly: '^src/',
  },
};
