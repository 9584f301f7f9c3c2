package org.jtracemalloc.cli;

/** A JVM of this user that the attach API can see: its process id and what it runs. */
record RunningJvm(long pid, String displayName) {}
