//! What several PostgreSQL instances share (migration `0007_shared`): buckets, used challenges, the secret, heartbeats, consoles and offers.
//!
//! Each test uses two connections as two instances would. PostgreSQL only:
//! on SQLite the methods answer `PostgresOnly` (checked too).

use std::time::Duration;

use zicht_store::testdb::{Place, places};
use zicht_store::{Admission, NewConversation, NewMessage, Role, Sender, StoreError, StoredOffer};

type R = Result<(), Box<dyn std::error::Error>>;

/// Runs `check` on the PostgreSQL place; on SQLite checks the methods refuse.
fn postgres(name: &str, check: fn(&zicht_store::Store) -> R) -> R {
    for place in places(name)? {
        let store = place.open(zicht_store::test_vault())?;
        match place {
            Place::Sqlite(_) => assert!(matches!(
                store.connect()?.take_token("x", 1, 1),
                Err(StoreError::PostgresOnly(_))
            )),
            Place::Postgres(_) => check(&store)?,
        }
    }
    Ok(())
}

#[test]
fn two_connections_take_from_one_bucket() -> R {
    postgres("shared-bucket", |store| {
        let (a, b) = (store.connect()?, store.connect()?);
        // 60 a minute, bursts of 4: four in all, however they are spread.
        let taken = (0..10)
            .filter(|i| {
                let c = if i % 2 == 0 { &a } else { &b };
                matches!(c.take_token("conv:1:v", 60, 4), Ok(None))
            })
            .count();
        assert_eq!(taken, 4);
        let wait = a
            .take_token("conv:1:v", 60, 4)?
            .ok_or("a fifth was taken")?;
        assert!(wait <= Duration::from_secs(1), "{wait:?}");
        assert!(b.bucket_level("conv:1:v", 60, 4)? < 0.25);
        // Another key is another bucket; a given-back token can be taken again.
        assert_eq!(b.take_token("conv:2:v", 60, 4)?, None);
        a.give_back_token("conv:1:v", 4)?;
        assert_eq!(b.take_token("conv:1:v", 60, 4)?, None);
        // Two buckets in one round trip: the second is asked only when the
        // first gave a token.
        assert_eq!(a.take_tokens(("k1", 60, 1), ("k2", 60, 1))?, None);
        assert!(a.take_tokens(("k1", 60, 1), ("k3", 60, 1))?.is_some());
        assert_eq!(
            b.take_tokens(("k3", 60, 1), ("k4", 60, 1))?,
            None,
            "k3 was not touched"
        );
        assert!(
            b.take_tokens(("k5", 60, 1), ("k2", 60, 1))?.is_some(),
            "k2 is empty"
        );
        // It refills by the database's clock.
        std::thread::sleep(Duration::from_millis(1100));
        assert_eq!(b.take_token("conv:1:v", 60, 4)?, None);
        Ok(())
    })
}

#[test]
fn a_challenge_is_spent_once_across_connections() -> R {
    postgres("shared-challenge", |store| {
        let (a, b) = (store.connect()?, store.connect()?);
        let expires = jiff::Timestamp::now().as_second() + 120;
        let bucket = ("new", 60, 2);
        assert_eq!(
            a.admit_challenge(&[1; 16], expires, bucket)?,
            Admission::Admitted
        );
        assert_eq!(
            b.admit_challenge(&[1; 16], expires, bucket)?,
            Admission::Used
        );
        assert_eq!(
            b.admit_challenge(&[2; 16], expires, bucket)?,
            Admission::Admitted
        );
        // The bucket is empty: refused, and the challenge stays unspent.
        assert!(matches!(
            a.admit_challenge(&[3; 16], expires, bucket)?,
            Admission::Wait(_)
        ));
        assert_eq!(a.spent_challenges()?, 2);
        a.give_back_token("new", 2)?;
        assert_eq!(
            b.admit_challenge(&[3; 16], expires, bucket)?,
            Admission::Admitted
        );
        Ok(())
    })
}

#[test]
fn the_secret_is_the_same_for_every_connection_and_sealed() -> R {
    postgres("shared-secret", |store| {
        let (a, b) = (store.connect()?, store.connect()?);
        let s = a.shared_secret("intake")?;
        assert_eq!(b.shared_secret("intake")?, s);
        assert_ne!(b.shared_secret("other")?, s);
        Ok(())
    })
}

#[test]
fn heartbeats_and_consoles() -> R {
    postgres("shared-beat", |store| {
        let (a, b) = (store.connect()?, store.connect()?);
        let user = a.add_user("anna", Role::Counsellor, "x", "2022-01-01T00:00:00Z")?;
        assert_eq!(a.beat("A", Duration::from_secs(2))?, ["A"]);
        let mut live = b.beat("B", Duration::from_secs(2))?;
        live.sort();
        assert_eq!(live, ["A", "B"]);
        a.set_console("A", user, true)?;
        assert_eq!(b.consoles_open(Duration::from_secs(2))?, [user]);
        // A stops beating: after the stale time it is gone, with its console.
        std::thread::sleep(Duration::from_millis(2200));
        assert_eq!(b.beat("B", Duration::from_secs(2))?, ["B"]);
        assert!(b.consoles_open(Duration::from_secs(2))?.is_empty());
        a.beat("A", Duration::from_secs(2))?;
        assert_eq!(b.consoles_open(Duration::from_secs(2))?, [user]);
        a.set_console("A", user, false)?;
        assert!(b.consoles_open(Duration::from_secs(2))?.is_empty());
        Ok(())
    })
}

#[test]
fn an_offer_is_answered_once_and_its_note_is_sealed() -> R {
    for place in places("shared-offer")? {
        let Place::Postgres(db) = &place else {
            continue;
        };
        let store = place.open(zicht_store::test_vault())?;
        let (a, b) = (store.connect()?, store.connect()?);
        let now = "2022-01-01T00:00:00Z";
        let u1 = a.add_user("u1", Role::Counsellor, "x", now)?;
        let u2 = a.add_user("u2", Role::Counsellor, "x", now)?;
        let id = a.create_conversation(&NewConversation {
            public_id: "c-offer".into(),
            token_hash: b"c-offer".to_vec(),
            channel: "fier".into(),
            username: "zon".into(),
            age: None,
            gender: None,
            lang: "nl".into(),
            created_at: now.into(),
        })?;
        let offer = StoredOffer {
            conversation_id: id,
            from: u1,
            to: u2,
            note: "geheime-overdrachtsnotitie".into(),
        };
        // Not active yet: no offer.
        assert!(!a.put_offer(&offer)?);
        assert!(a.take(id, u1, now)?);
        assert!(
            !a.put_offer(&StoredOffer {
                from: u2,
                ..offer.clone()
            })?,
            "not u2's"
        );
        assert!(a.put_offer(&offer)?);
        assert_eq!(b.offer(id)?, Some(offer.clone()));
        assert!(
            db.columns_containing(b"geheime-overdrachtsnotitie")?
                .is_empty()
        );
        // Only the colleague it was offered to can answer it, once.
        assert_eq!(b.take_offer(id, u1)?, None);
        assert_eq!(b.take_offer(id, u2)?, Some(offer.clone()));
        assert_eq!(a.take_offer(id, u2)?, None);
        assert!(a.put_offer(&offer)?);
        assert!(b.drop_offer(id)?);
        assert_eq!(a.offer(id)?, None);
    }
    Ok(())
}

#[test]
fn a_message_is_announced_by_its_insert_at_the_commit_and_a_repeat_not() -> R {
    postgres("shared-announce", |store| {
        let mut listener = store.listener()?.ok_or("no listener")?;
        listener.listen("zicht_test")?;
        let c = store.connect()?;
        let id = c.create_conversation(&NewConversation {
            public_id: "c-announce".into(),
            token_hash: b"c-announce".to_vec(),
            channel: "fier".into(),
            username: "zon".into(),
            age: None,
            gender: None,
            lang: "nl".into(),
            created_at: "2022-01-01T00:00:00Z".into(),
        })?;
        let m = NewMessage {
            conversation_id: id,
            from: Sender::Visitor,
            counsellor_id: None,
            client_id: "v1".into(),
            at: "2022-01-01T00:00:01Z".into(),
            text: "hallo".into(),
        };
        let payload = |seq: i64| format!("m {seq}");
        c.begin()?;
        let a = c.append_message_announced(&m, Some(("zicht_test", &payload)), &[])?;
        assert!(
            listener.wait(Duration::from_millis(200))?.is_empty(),
            "before the commit"
        );
        c.commit()?;
        assert_eq!(
            listener.wait(Duration::from_secs(5))?,
            [("zicht_test".to_string(), format!("m {}", a.seq))]
        );
        c.begin()?;
        let again = c.append_message_announced(&m, Some(("zicht_test", &payload)), &[])?;
        c.commit()?;
        assert_eq!((again.new, again.seq), (false, a.seq));
        assert!(
            listener.wait(Duration::from_millis(300))?.is_empty(),
            "a repeat is not announced"
        );
        Ok(())
    })
}

#[test]
fn a_message_takes_its_tokens_in_its_own_look_up() -> R {
    postgres("shared-takes", |store| {
        let (a, b) = (store.connect()?, store.connect()?);
        let id = a.create_conversation(&NewConversation {
            public_id: "c-takes".into(),
            token_hash: b"c-takes".to_vec(),
            channel: "fier".into(),
            username: "zon".into(),
            age: None,
            gender: None,
            lang: "nl".into(),
            created_at: "2022-01-01T00:00:00Z".into(),
        })?;
        let msg = |cid: &str| NewMessage {
            conversation_id: id,
            from: Sender::Visitor,
            counsellor_id: None,
            client_id: cid.into(),
            at: "2022-01-01T00:00:01Z".into(),
            text: "hallo".into(),
        };
        // Bursts of two for the conversation, a roomy second bucket.
        let takes = [("m:c".to_string(), 1, 2), ("w".to_string(), 600, 100)];
        let mut stored = 0;
        for (i, c) in [&a, &b, &a, &b].into_iter().enumerate() {
            c.begin()?;
            match c.savepoint(|c| c.append_message_announced(&msg(&format!("v{i}")), None, &takes))
            {
                Ok(_) => stored += 1,
                Err(StoreError::RateLimited) => {}
                Err(e) => return Err(e.into()),
            }
            c.commit()?;
        }
        assert_eq!(stored, 2, "two connections, one bucket");
        let seqs: Vec<i64> = a
            .messages(id, 0, zicht_store::Reader::Visitor)?
            .iter()
            .map(|m| m.seq)
            .collect();
        assert_eq!(seqs, [1, 2], "a refused message leaves nothing");
        // The second bucket is taken from only when the first gave a token.
        assert!(a.bucket_level("w", 600, 100)? > 0.97);
        Ok(())
    })
}
