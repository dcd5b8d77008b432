/**
 * Password login and bearer tokens for Mallard's Flight servers, using Flight's standard header
 * authentication so pyarrow, Arrow Java and the Flight SQL JDBC driver work unchanged.
 *
 * <p>Server wiring:
 *
 * <pre>{@code
 * UserStore users = usersFile != null ? UserStore.load(usersFile) : UserStore.fromEnvironment();
 * AuthSetup auth = authOn ? AuthSetup.apply(builder, users, ttl) : AuthSetup.disabled();
 * // in the producer:
 * Role role = auth.roleOf(context);          // any thread; ADMIN when auth is off
 * boolean gone = auth.logout(context);       // DoAction "logout", on Flight's call thread
 * }</pre>
 */
package dev.mallard.auth;
