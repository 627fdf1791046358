package org.postroom.certificates;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.postroom.db.Sql;

/**
 * The {@code acme_*} tables: the account key and ordering lease, challenges, issued certificates.
 */
class AcmeRepository {
  /** The account's key pair as Base64 DER (PKCS#8 private, X.509 public). */
  record AccountKey(String privateKey, String publicKey) {}

  /** An issued certificate: the chain and its key as PEM. */
  record Issued(
      long id, String chainPem, String keyPem, OffsetDateTime notBefore, OffsetDateTime notAfter) {}

  Optional<AccountKey> accountKey(Connection c) throws SQLException {
    return Sql.one(
        c,
        "select private_key, public_key from acme_account where id = 1",
        rs -> new AccountKey(rs.getString(1), rs.getString(2)));
  }

  void insertAccount(Connection c, AccountKey key) throws SQLException {
    Sql.update(
        c,
        "insert into acme_account (id, private_key, public_key) values (1, ?, ?)",
        key.privateKey(),
        key.publicKey());
  }

  /** Takes the ordering lease for {@code node} unless another node holds one still running. */
  boolean claim(Connection c, String node, OffsetDateTime now, OffsetDateTime until)
      throws SQLException {
    return Sql.update(
            c,
            "update acme_account set lease_holder = ?, lease_until = ? where id = 1"
                + " and (lease_holder is null or lease_until < ? or lease_holder = ?)",
            node,
            until,
            now,
            node)
        == 1;
  }

  void release(Connection c, String node) throws SQLException {
    Sql.update(
        c,
        "update acme_account set lease_holder = null, lease_until = null"
            + " where id = 1 and lease_holder = ?",
        node);
  }

  void putChallenge(Connection c, String token, String keyAuthorization, OffsetDateTime now)
      throws SQLException {
    Sql.update(c, "delete from acme_challenge where token = ?", token);
    Sql.update(
        c,
        "insert into acme_challenge (token, key_authorization, created_at) values (?, ?, ?)",
        token,
        keyAuthorization,
        now);
  }

  Optional<String> challenge(Connection c, String token) throws SQLException {
    return Sql.one(
        c,
        "select key_authorization from acme_challenge where token = ?",
        rs -> rs.getString(1),
        token);
  }

  /** Removes a finished challenge, and any a stopped node left behind a day ago. */
  void deleteChallenge(Connection c, String token, OffsetDateTime now) throws SQLException {
    Sql.update(
        c, "delete from acme_challenge where token = ? or created_at < ?", token, now.minusDays(1));
  }

  Optional<Issued> latest(Connection c, String names) throws SQLException {
    return Sql.one(
        c,
        "select id, chain_pem, key_pem, not_before, not_after from acme_certificate"
            + " where names = ? order by id desc fetch first 1 rows only",
        rs ->
            new Issued(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                Sql.timestamp(rs, "not_before"),
                Sql.timestamp(rs, "not_after")),
        names);
  }

  /** Stores a new certificate and forgets all but the previous one for the same names. */
  long insertCertificate(
      Connection c,
      String names,
      String chainPem,
      String keyPem,
      OffsetDateTime notBefore,
      OffsetDateTime notAfter,
      OffsetDateTime now)
      throws SQLException {
    long id =
        Sql.insert(
            c,
            "insert into acme_certificate (names, chain_pem, key_pem, not_before, not_after,"
                + " created_at) values (?, ?, ?, ?, ?, ?)",
            names,
            chainPem,
            keyPem,
            notBefore,
            notAfter,
            now);
    Sql.update(c, "delete from acme_certificate where names = ? and id < ? - 1", names, id);
    return id;
  }
}
