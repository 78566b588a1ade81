/**
 * API (exported, package version 1.2.0: 1.1.0 added the network of pools and taps, 1.2.0 the watch of tap changes and the set-up checks, Checkup). Null analysis: parameters, return values, fields and type arguments are
 * non-null unless marked {@code @Nullable}; the Eclipse compiler checks it (releng/settings/org.eclipse.jdt.core.prefs).
 */
@NonNullByDefault
package org.taplease.core;

import org.eclipse.jdt.annotation.NonNullByDefault;
