/**
 * The {@code student} method run by the server itself: a one-time code mailed to an
 * address at an academic domain proves enrollment at its institution.
 */
package dev.stile.method.student;
