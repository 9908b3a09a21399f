/**
 * The JDK MxBuild needs: `--java-home` (the JDK directory) and `--java-exe-path` (its `java`) are its required
 * options (refguide "MxBuild"). actions/setup-java sets JAVA_HOME; the `javaHome` input names another.
 */
import { statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { quote } from '../input-checks.js'

export interface Jdk {
  home: string
  java: string
}

/** The JDK from the `javaHome` input or JAVA_HOME, or a problem naming which one was wrong and how. */
export function findJdk(input: string | undefined, env: NodeJS.ProcessEnv): Jdk | string {
  const given = input ?? env.JAVA_HOME ?? ''
  const source = input !== undefined ? "Input 'javaHome'" : 'JAVA_HOME'
  if (given === '') {
    return "build: runner needs a JDK, and JAVA_HOME is not set: add an actions/setup-java step before this one (it sets JAVA_HOME), or give javaHome, a JDK's directory."
  }
  const home = resolve(given)
  const isDirectory = (path: string): boolean =>
    statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false
  if (!isDirectory(home)) return `${source} must be a JDK's directory; ${quote(home)} is not a directory.`
  const java = join(home, 'bin', 'java')
  if (!(statSync(java, { throwIfNoEntry: false })?.isFile() ?? false)) {
    return `${source} must be a JDK's directory, with bin/java; ${quote(home)} has no bin/java. Set up a JDK with actions/setup-java.`
  }
  return { home, java }
}
