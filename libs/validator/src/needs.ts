import { calleeOf, propertyName, staticString, type Node } from './ast.js';
import type { Visitors } from './rule.js';

/**
 * What a piece of code appears to use, read from its text without running it. The
 * policy engine reads this to decide which executor and which grants a request gets.
 */
export interface CodeNeeds {
  /** Module specifiers it imports or requires with a literal name, sorted. */
  modules: string[];
  /** Hosts named in literal http(s)/ws(s) URLs, as `host` or `host:port`, sorted. */
  hosts: string[];
  /** `env.<name>` capability bindings it uses, sorted. */
  capabilities: string[];
}

const urlPattern = /\b(?:https?|wss?):\/\/([a-z0-9.-]+|\[[0-9a-f:.]+\])(?::(\d{1,5}))?/gi;

export class NeedsCollector {
  private readonly modules = new Set<string>();
  private readonly hosts = new Set<string>();
  private readonly capabilities = new Set<string>();

  visitors(): Visitors {
    return {
      ImportDeclaration: (node) => this.addModule(node.source as Node),
      ExportNamedDeclaration: (node) => this.addModule(node.source as Node | null),
      ExportAllDeclaration: (node) => this.addModule(node.source as Node),
      ImportExpression: (node) => this.addModule(node.source as Node),
      CallExpression: (node) => this.onCall(node),
      Literal: (node) => this.addHosts(typeof node.value === 'string' ? node.value : ''),
      TemplateElement: (node) => this.addHosts((node.value as { raw: string }).raw),
      MemberExpression: (node) => this.onMember(node),
      VariableDeclarator: (node) => this.onDestructure(node),
    };
  }

  result(): CodeNeeds {
    return {
      modules: [...this.modules].sort(),
      hosts: [...this.hosts].sort(),
      capabilities: [...this.capabilities].sort(),
    };
  }

  private addModule(source: Node | null | undefined): void {
    const name = staticString(source);
    if (name !== undefined) this.modules.add(name);
  }

  private onCall(node: Node): void {
    const callee = calleeOf(node);
    const args = node.arguments as Node[];
    if (callee.type === 'Identifier' && callee.name === 'require') this.addModule(args[0]);
  }

  private addHosts(text: string): void {
    if (!text.includes('://')) return;
    for (const match of text.matchAll(urlPattern)) {
      const host = (match[1] as string).toLowerCase().replace(/\.$/, '');
      this.hosts.add(match[2] === undefined ? host : `${host}:${match[2]}`);
    }
  }

  private onMember(node: Node): void {
    const object = node.object as Node;
    if (object.type !== 'Identifier' || object.name !== 'env') return;
    const name = propertyName(node);
    if (name !== undefined) this.capabilities.add(name);
  }

  private onDestructure(node: Node): void {
    const init = node.init as Node | null;
    const id = node.id as Node;
    if (!init || init.type !== 'Identifier' || init.name !== 'env') return;
    if (id.type !== 'ObjectPattern') return;
    for (const property of id.properties as Node[]) {
      if (property.type !== 'Property') continue;
      const name = propertyName({ ...property, property: property.key } as Node);
      if (name !== undefined) this.capabilities.add(name);
    }
  }
}
