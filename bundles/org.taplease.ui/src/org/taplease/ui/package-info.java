/**
 * API (exported, package version 1.0.0). Null analysis: parameters, return values, fields and type arguments are
 * non-null unless marked {@code @Nullable}; the Eclipse compiler checks it (releng/settings/org.eclipse.jdt.core.prefs).
 */
@NonNullByDefault
package org.taplease.ui;

import org.eclipse.jdt.annotation.NonNullByDefault;
