// A small CloudFormation template evaluator for tests: enough of the language (long-form intrinsic functions
// Ref, Fn::If, Fn::Equals, Fn::Not, Fn::And, Fn::Or, Fn::Sub, Fn::GetAtt, condition references, AWS::NoValue and
// the pseudo parameters) to resolve a template for given parameter values the way CloudFormation would, so a test
// can assert the exact trust policy a stack gets. It also lists what CloudFormation would refuse before creating
// anything: an unknown function, a Ref / Fn::Sub variable / Fn::GetAtt / condition name that is not declared, a
// parameter value its AllowedPattern, MinValue or MaxValue rejects, a required parameter left out.
// `{ "Condition": "Name" }` alone is a condition reference; a `Condition` key beside others (an IAM statement's
// condition block, a resource's Condition attribute) is data.
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Template = { Parameters?: Record<string, Record<string, Json>>; Conditions?: Record<string, Json>; Resources?: Record<string, Json> };

const PSEUDO: Record<string, string> = {
  'AWS::AccountId': '222222222222',
  'AWS::Partition': 'aws',
  'AWS::Region': 'us-east-1',
  'AWS::StackName': 'cmt-audit-role',
  'AWS::URLSuffix': 'amazonaws.com',
};
const NO_VALUE = Symbol('AWS::NoValue');
const FUNCTIONS = new Set(['Ref', 'Condition', 'Fn::If', 'Fn::Equals', 'Fn::Not', 'Fn::And', 'Fn::Or', 'Fn::Sub', 'Fn::GetAtt']);

const isObject = (v: unknown): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);
const subVariables = (text: string) => [...text.matchAll(/\$\{([^!}][^}]*)\}/g)].map((m) => m[1]);

/** Every reason CloudFormation would refuse the template itself (not its parameter values), as sentences. */
export function templateProblems(template: Template): string[] {
  const problems: string[] = [];
  const parameters = new Set(Object.keys(template.Parameters ?? {}));
  const resources = new Set(Object.keys(template.Resources ?? {}));
  const conditions = new Set(Object.keys(template.Conditions ?? {}));
  const refable = (name: string) => parameters.has(name) || resources.has(name) || name in PSEUDO || name === 'AWS::NoValue';
  const walk = (node: unknown, where: string): void => {
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${where}[${i}]`));
    if (!isObject(node)) return;
    const keys = Object.keys(node);
    for (const key of keys) {
      if ((key.startsWith('Fn::') || key === 'Ref') && !FUNCTIONS.has(key)) problems.push(`${where}: unknown function ${key}`);
      if (FUNCTIONS.has(key) && key !== 'Condition' && keys.length !== 1) problems.push(`${where}: ${key} must be the only key of its object`);
    }
    if (typeof node.Ref === 'string' && !refable(node.Ref)) problems.push(`${where}: Ref to undeclared ${node.Ref}`);
    if (typeof node.Condition === 'string' && keys.length === 1 && !conditions.has(node.Condition)) {
      problems.push(`${where}: undeclared condition ${node.Condition}`);
    }
    const ifArgs = node['Fn::If'];
    if (ifArgs !== undefined) {
      if (!Array.isArray(ifArgs) || ifArgs.length !== 3) problems.push(`${where}: Fn::If takes [condition, then, else]`);
      else if (typeof ifArgs[0] !== 'string' || !conditions.has(ifArgs[0])) problems.push(`${where}: Fn::If on undeclared condition ${String(ifArgs[0])}`);
    }
    const sub = node['Fn::Sub'];
    if (typeof sub === 'string') {
      for (const v of subVariables(sub)) {
        const [name, attribute] = v.split('.');
        if (attribute ? !resources.has(name) : !refable(name)) problems.push(`${where}: Fn::Sub variable \${${v}} is not declared`);
      }
    }
    const getAtt = node['Fn::GetAtt'];
    if (getAtt !== undefined && !(Array.isArray(getAtt) && typeof getAtt[0] === 'string' && resources.has(getAtt[0]))) {
      problems.push(`${where}: Fn::GetAtt of an undeclared resource`);
    }
    for (const key of keys) walk(node[key], `${where}.${key}`);
  };
  walk(template, 'template');
  return problems;
}

/** The parameter values a stack would get, or the reasons CloudFormation would refuse them. */
export function resolveParameters(template: Template, given: Record<string, string>): Record<string, string> {
  const declared = template.Parameters ?? {};
  const errors: string[] = [];
  for (const name of Object.keys(given)) if (!(name in declared)) errors.push(`${name}: not a parameter of the template`);
  const values: Record<string, string> = {};
  for (const [name, spec] of Object.entries(declared)) {
    const value = given[name] ?? (spec.Default === undefined ? undefined : String(spec.Default));
    if (value === undefined) {
      errors.push(`${name}: required (no default)`);
      continue;
    }
    if (typeof spec.AllowedPattern === 'string' && !new RegExp(spec.AllowedPattern).test(value)) {
      errors.push(`${name}: ${JSON.stringify(value)} does not match ${spec.AllowedPattern}`);
    }
    if (spec.Type === 'Number') {
      const n = Number(value);
      if (!Number.isFinite(n)) errors.push(`${name}: ${JSON.stringify(value)} is not a number`);
      if (typeof spec.MinValue === 'number' && n < spec.MinValue) errors.push(`${name}: ${value} is below ${spec.MinValue}`);
      if (typeof spec.MaxValue === 'number' && n > spec.MaxValue) errors.push(`${name}: ${value} is above ${spec.MaxValue}`);
    }
    values[name] = value;
  }
  if (errors.length) throw new Error(errors.join('; '));
  return values;
}

/** The template's Resources as CloudFormation would create them for these parameter values. */
export function resolveResources(template: Template, given: Record<string, string>): Record<string, Json> {
  const params = resolveParameters(template, given);
  const declaredConditions = template.Conditions ?? {};
  const conditionValues = new Map<string, boolean>();

  const ref = (name: string): unknown => {
    if (name === 'AWS::NoValue') return NO_VALUE;
    if (name in params) return template.Parameters?.[name]?.Type === 'Number' ? Number(params[name]) : params[name];
    if (name in PSEUDO) return PSEUDO[name];
    throw new Error(`Ref to undeclared ${name}`);
  };
  const condition = (name: string): boolean => {
    if (!conditionValues.has(name)) {
      if (!(name in declaredConditions)) throw new Error(`undeclared condition ${name}`);
      const value = evaluate(declaredConditions[name]);
      if (typeof value !== 'boolean') throw new Error(`condition ${name} is not a boolean`);
      conditionValues.set(name, value);
    }
    return conditionValues.get(name)!;
  };
  const bool = (v: unknown) => {
    if (typeof v !== 'boolean') throw new Error(`expected a condition, got ${JSON.stringify(v)}`);
    return v;
  };
  function evaluate(node: unknown): unknown {
    if (Array.isArray(node)) return node.map(evaluate).filter((v) => v !== NO_VALUE);
    if (!isObject(node)) return node;
    const keys = Object.keys(node);
    if (keys.length === 1) {
      const [key] = keys;
      const arg = node[key];
      switch (key) {
        case 'Ref':
          return ref(arg as string);
        case 'Condition':
          if (typeof arg === 'string') return condition(arg);
          break;
        case 'Fn::If': {
          const [name, then, otherwise] = arg as [string, Json, Json];
          return evaluate(condition(name) ? then : otherwise);
        }
        case 'Fn::Equals': {
          const [a, b] = (arg as Json[]).map(evaluate);
          return String(a) === String(b);
        }
        case 'Fn::Not':
          return !bool(evaluate((arg as Json[])[0]));
        case 'Fn::And':
          return (arg as Json[]).every((a) => bool(evaluate(a)));
        case 'Fn::Or':
          return (arg as Json[]).some((a) => bool(evaluate(a)));
        case 'Fn::Sub':
          return (arg as string).replace(/\$\{([^!}][^}]*)\}/g, (_, name: string) => String(ref(name)));
        case 'Fn::GetAtt':
          return `<${(arg as string[]).join('.')}>`;
      }
    }
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      const value = evaluate(node[key]);
      if (value !== NO_VALUE) out[key] = value;
    }
    return out;
  }
  return evaluate(template.Resources ?? {}) as Record<string, Json>;
}
