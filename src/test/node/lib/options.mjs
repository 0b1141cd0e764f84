// Command-line options: --name value / --name=value / --flag; the rest are positional.

/** spec: {name: 'int'|'string'|'flag'}. Throws on an unknown option or a bad value. */
export function parseOptions(argv, spec) {
  const options = {};
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    let [name, value] = arg.slice(2).split(/=(.*)/s, 2);
    const type = spec[name];
    if (!type) throw new Error(`unknown option --${name}`);
    if (type === 'flag') {
      options[name] = true;
      continue;
    }
    if (value === undefined) {
      value = argv[++i];
      if (value === undefined) throw new Error(`--${name} needs a value`);
    }
    if (type === 'int') {
      if (!/^\d+$/.test(value)) throw new Error(`--${name} must be a non-negative integer, got ${value}`);
      options[name] = Number(value);
    } else {
      options[name] = value;
    }
  }
  return { options, positional };
}
