//! Debug: the rules' raw output (full mode) for chosen chats.
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let book = zicht_codebook::Codebook::embedded()?;
    let mut s = zicht_suggest::Suggester::new(book.clone())?;
    let m = zicht_suggest::Model::from_text("add\t1.01\nveto\t0\n", "x", &book)?;
    s.set_model(Some(m));
    let convs = zicht_conversations::read_path(std::path::Path::new(&args[0]))?;
    for c in convs.iter().filter(|c| args[1..].contains(&c.conversation_id)) {
        let (raw, _) = s.parts(c);
        let v: Vec<String> = raw.iter().map(|(k, x)| format!("{k}={}", serde_json::to_string(&x.value).unwrap_or_default())).collect();
        println!("{} {}", c.conversation_id, v.join(" "));
    }
    Ok(())
}
