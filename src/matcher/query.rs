//! The boolean query language: lexer, parser and evaluator.
//!
//! Syntax (Google Alerts / listening-tool style):
//! - `inwi`, `#inwi`, `@inwi`, `l'oréal`: a term, matched like an alias
//!   (whole words, folded, proclitics and elisions allowed).
//! - `"jus d'orange"` (also “…” and «…»): a phrase.
//! - `=RAM`, `="Royal Air Maroc"`: case-sensitive term.
//! - `a b` or `a AND b`: both. `a OR b`: either. `-a` or `NOT a`: not.
//! - `a NEAR/5 b`: an occurrence of `a` and one of `b` with at most 5 words
//!   between them, in either order. Operands are terms, phrases or
//!   parenthesised OR-groups of those.
//! - Parentheses group.
//!
//! Precedence, tightest first: `-`/`NOT`, `NEAR/k`, `OR`, `AND`. OR binding
//! tighter than AND is what Google does (`inwi réseau OR 4G` means
//! `inwi AND (réseau OR 4G)`); it is documented for users and parentheses
//! always work. Operators are upper case only: lower-case `or`/`and` are
//! plain words (French "or" is a word).
//!
//! Errors carry the byte offset of the offending character.

/// A parsed query: a tree over numbered terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Query {
    pub root: Node,
    pub terms: Vec<QueryTerm>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Node {
    Term(usize),
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
    Near(Box<Node>, Box<Node>, usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct QueryTerm {
    /// The literal text to match (phrase content, marker stripped).
    pub text: String,
    /// The term exactly as written in the query (reported in `Hit::term`).
    pub source: String,
    pub case_sensitive: bool,
    /// Byte offset of the term in the query (for error messages).
    pub offset: usize,
    /// Under an even number of negations: its occurrences are mentions.
    pub positive: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct QueryError {
    pub offset: usize,
    pub message: String,
}

fn err<T>(offset: usize, message: impl Into<String>) -> Result<T, QueryError> {
    Err(QueryError {
        offset,
        message: message.into(),
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Tok {
    LParen,
    RParen,
    And,
    Or,
    Not,
    /// `-` directly in front of an operand.
    Minus,
    Near(usize),
    Term {
        text: String,
        source: String,
        case_sensitive: bool,
    },
}

fn is_delim(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | ')' | '"' | '“' | '”' | '«' | '»')
}

fn closing_quote(open: char) -> &'static [char] {
    match open {
        '“' => &['”', '"'],
        '«' => &['»'],
        _ => &['"', '”'],
    }
}

fn lex(src: &str) -> Result<Vec<(usize, Tok)>, QueryError> {
    let mut toks = Vec::new();
    let mut i = 0;
    while i < src.len() {
        let c = src[i..].chars().next().expect("char boundary");
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        let start = i;
        match c {
            '(' => {
                toks.push((i, Tok::LParen));
                i += 1;
            }
            ')' => {
                toks.push((i, Tok::RParen));
                i += 1;
            }
            '-' => {
                match src[i + 1..].chars().next() {
                    Some(n) if !n.is_whitespace() && n != ')' => {}
                    _ => return err(i, "'-' must be directly followed by the term it excludes"),
                }
                toks.push((i, Tok::Minus));
                i += 1;
            }
            _ => {
                let (case_sensitive, body) = if c == '=' { (true, i + 1) } else { (false, i) };
                let first = src[body..].chars().next();
                let (text, end) = match first {
                    Some(q @ ('"' | '“' | '«')) => {
                        let open = body;
                        let inner = open + q.len_utf8();
                        let Some(rel) = src[inner..].find(closing_quote(q)) else {
                            return err(open, "unterminated quoted phrase");
                        };
                        let close = inner + rel;
                        let close_len = src[close..].chars().next().map_or(1, char::len_utf8);
                        let text = src[inner..close].trim();
                        if text.is_empty() {
                            return err(open, "empty quoted phrase");
                        }
                        (text.to_string(), close + close_len)
                    }
                    None => return err(i, "'=' must be followed by a term or a phrase"),
                    Some(f) if is_delim(f) => {
                        return err(i, "'=' must be followed by a term or a phrase");
                    }
                    Some(_) => {
                        let end = src[body..].find(is_delim).map_or(src.len(), |r| body + r);
                        let word = &src[body..end];
                        if let Some(r) = word.find('*') {
                            return err(
                                body + r,
                                "wildcards ('*') are not supported; list the variants with OR",
                            );
                        }
                        (word.to_string(), end)
                    }
                };
                i = end;
                let source = src[start..end].to_string();
                if !case_sensitive {
                    match source.as_str() {
                        "AND" => {
                            toks.push((start, Tok::And));
                            continue;
                        }
                        "OR" | "|" => {
                            toks.push((start, Tok::Or));
                            continue;
                        }
                        "NOT" => {
                            toks.push((start, Tok::Not));
                            continue;
                        }
                        _ => {}
                    }
                    if let Some(k) = near_distance(&source, start)? {
                        toks.push((start, Tok::Near(k)));
                        continue;
                    }
                }
                toks.push((
                    start,
                    Tok::Term {
                        text,
                        source,
                        case_sensitive,
                    },
                ));
            }
        }
    }
    Ok(toks)
}

/// `NEAR/5` → Some(5). Lower-case `near/5` is rejected rather than silently
/// searched for as a word.
fn near_distance(word: &str, at: usize) -> Result<Option<usize>, QueryError> {
    let Some(prefix) = word.get(..4) else {
        return Ok(None);
    };
    if !prefix.eq_ignore_ascii_case("near") {
        return Ok(None);
    }
    let rest = &word[4..];
    if rest.is_empty() && prefix != "NEAR" {
        return Ok(None); // the English word "near"
    }
    if prefix != "NEAR" {
        return err(
            at,
            "the proximity operator is written in upper case: NEAR/k",
        );
    }
    let Some(num) = rest.strip_prefix('/') else {
        return err(at + 4, "NEAR needs a distance: NEAR/5 means within 5 words");
    };
    if num.is_empty() {
        return err(at + 5, "NEAR/ needs a number of words, e.g. NEAR/5");
    }
    if let Some(bad) = num.find(|c: char| !c.is_ascii_digit()) {
        return err(at + 5 + bad, "NEAR/k: k must be a number of words");
    }
    match num.parse::<usize>() {
        Ok(k) if k <= 1000 => Ok(Some(k)),
        _ => err(at + 5, "NEAR/k: k must be at most 1000"),
    }
}

struct Parser {
    toks: Vec<(usize, Tok)>,
    pos: usize,
    terms: Vec<QueryTerm>,
    src_len: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|(_, t)| t)
    }

    fn offset(&self) -> usize {
        self.toks.get(self.pos).map_or(self.src_len, |(o, _)| *o)
    }

    fn starts_operand(t: &Tok) -> bool {
        matches!(t, Tok::LParen | Tok::Minus | Tok::Not | Tok::Term { .. })
    }

    fn and_expr(&mut self) -> Result<Node, QueryError> {
        let mut items = vec![self.or_expr()?];
        loop {
            match self.peek() {
                Some(Tok::And) => {
                    let at = self.offset();
                    self.pos += 1;
                    if !self.peek().is_some_and(Self::starts_operand) {
                        return err(at, "AND needs an operand on its right");
                    }
                    items.push(self.or_expr()?);
                }
                Some(t) if Self::starts_operand(t) => items.push(self.or_expr()?),
                _ => break,
            }
        }
        Ok(if items.len() == 1 {
            items.pop().expect("one item")
        } else {
            Node::And(items)
        })
    }

    fn or_expr(&mut self) -> Result<Node, QueryError> {
        let mut items = vec![self.near_expr()?];
        while let Some(Tok::Or) = self.peek() {
            let at = self.offset();
            self.pos += 1;
            if !self.peek().is_some_and(Self::starts_operand) {
                return err(at, "OR needs an operand on its right");
            }
            items.push(self.near_expr()?);
        }
        Ok(if items.len() == 1 {
            items.pop().expect("one item")
        } else {
            Node::Or(items)
        })
    }

    fn near_expr(&mut self) -> Result<Node, QueryError> {
        let left_at = self.offset();
        let mut left = self.unary()?;
        while let Some(&Tok::Near(k)) = self.peek() {
            let at = self.offset();
            if matches!(left, Node::Near(..)) {
                return err(
                    at,
                    "NEAR cannot be chained; use AND between two NEAR groups",
                );
            }
            if !positional(&left) {
                return err(
                    left_at,
                    "NEAR operands must be terms, phrases or (a OR b) groups",
                );
            }
            self.pos += 1;
            if !self.peek().is_some_and(Self::starts_operand) {
                return err(at, "NEAR needs an operand on its right");
            }
            let right_at = self.offset();
            let right = self.unary()?;
            if !positional(&right) {
                return err(
                    right_at,
                    "NEAR operands must be terms, phrases or (a OR b) groups",
                );
            }
            left = Node::Near(Box::new(left), Box::new(right), k);
        }
        Ok(left)
    }

    fn unary(&mut self) -> Result<Node, QueryError> {
        let at = self.offset();
        match self.toks.get(self.pos).cloned() {
            Some((_, Tok::Minus | Tok::Not)) => {
                self.pos += 1;
                if !self.peek().is_some_and(Self::starts_operand) {
                    return err(at, "negation needs an operand");
                }
                Ok(Node::Not(Box::new(self.unary()?)))
            }
            Some((_, Tok::LParen)) => {
                self.pos += 1;
                if let Some(Tok::RParen) = self.peek() {
                    return err(at, "empty parentheses");
                }
                let inner = self.and_expr()?;
                match self.peek() {
                    Some(Tok::RParen) => {
                        self.pos += 1;
                        Ok(inner)
                    }
                    _ => err(at, "unclosed '('"),
                }
            }
            Some((
                off,
                Tok::Term {
                    text,
                    source,
                    case_sensitive,
                },
            )) => {
                self.pos += 1;
                self.terms.push(QueryTerm {
                    text,
                    source,
                    case_sensitive,
                    offset: off,
                    positive: true,
                });
                Ok(Node::Term(self.terms.len() - 1))
            }
            Some((_, Tok::RParen)) => err(at, "unexpected ')'"),
            Some((_, Tok::And)) => err(at, "AND needs an operand on its left"),
            Some((_, Tok::Or)) => err(at, "OR needs an operand on its left"),
            Some((_, Tok::Near(_))) => err(at, "NEAR needs an operand on its left"),
            None => err(at, "unexpected end of query"),
        }
    }
}

/// Terms, phrases and OR-groups of them have positions; NEAR needs them.
fn positional(n: &Node) -> bool {
    match n {
        Node::Term(_) => true,
        Node::Or(items) => items.iter().all(positional),
        _ => false,
    }
}

fn mark_polarity(n: &Node, positive: bool, terms: &mut [QueryTerm]) {
    match n {
        Node::Term(i) => terms[*i].positive = positive,
        Node::And(v) | Node::Or(v) => v.iter().for_each(|c| mark_polarity(c, positive, terms)),
        Node::Not(c) => mark_polarity(c, !positive, terms),
        Node::Near(a, b, _) => {
            mark_polarity(a, positive, terms);
            mark_polarity(b, positive, terms);
        }
    }
}

pub(crate) fn parse(src: &str) -> Result<Query, QueryError> {
    let toks = lex(src)?;
    if toks.is_empty() {
        return err(0, "empty query");
    }
    let mut p = Parser {
        toks,
        pos: 0,
        terms: Vec::new(),
        src_len: src.len(),
    };
    let root = p.and_expr()?;
    if p.pos < p.toks.len() {
        let at = p.offset();
        return match p.peek() {
            Some(Tok::RParen) => err(at, "unmatched ')'"),
            Some(Tok::Near(_)) => err(
                at,
                "NEAR cannot be chained; use AND between two NEAR groups",
            ),
            _ => err(at, "unexpected token"),
        };
    }
    let mut terms = p.terms;
    mark_polarity(&root, true, &mut terms);
    Ok(Query { root, terms })
}

/// A term occurrence in word coordinates: first and last word index.
pub(crate) type WordSpan = (usize, usize);

/// Evaluates the query. `present(i)` says whether term `i` occurs;
/// `spans(i)` lists its occurrences as word spans (only called for NEAR).
pub(crate) fn eval(
    n: &Node,
    present: &dyn Fn(usize) -> bool,
    spans: &mut dyn FnMut(usize) -> Vec<WordSpan>,
) -> bool {
    match n {
        Node::Term(i) => present(*i),
        Node::And(v) => v.iter().all(|c| eval(c, present, spans)),
        Node::Or(v) => v.iter().any(|c| eval(c, present, spans)),
        Node::Not(c) => !eval(c, present, spans),
        Node::Near(a, b, k) => {
            if !eval(a, present, spans) || !eval(b, present, spans) {
                return false;
            }
            let mut sa = Vec::new();
            collect_spans(a, spans, &mut sa);
            let mut sb = Vec::new();
            collect_spans(b, spans, &mut sb);
            near(&sa, &mut sb, *k)
        }
    }
}

fn collect_spans(n: &Node, spans: &mut dyn FnMut(usize) -> Vec<WordSpan>, out: &mut Vec<WordSpan>) {
    match n {
        Node::Term(i) => out.extend(spans(*i)),
        Node::Or(v) => v.iter().for_each(|c| collect_spans(c, spans, out)),
        _ => unreachable!("NEAR operands are checked to be positional when parsing"),
    }
}

/// Whether some `x` in `a` and `y` in `b` (distinct occurrences) have at most
/// `k` words between them. Sorting `b` by start keeps this near-linear.
fn near(a: &[WordSpan], b: &mut [WordSpan], k: usize) -> bool {
    b.sort_unstable();
    let maxlen = b.iter().map(|&(s, e)| e - s).max().unwrap_or(0);
    for &(as_, ae) in a {
        // Candidates start no earlier than as_ - k - 1 - maxlen.
        let lo = as_.saturating_sub(k + 1 + maxlen);
        let first = b.partition_point(|&(s, _)| s < lo);
        for &(bs, be) in &b[first..] {
            if bs > ae + k + 1 {
                break;
            }
            if (bs, be) == (as_, ae) {
                continue;
            }
            let gap = if be < as_ {
                as_ - be - 1
            } else if ae < bs {
                bs - ae - 1
            } else {
                0
            };
            if gap <= k {
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e(q: &str) -> (usize, String) {
        let x = parse(q).unwrap_err();
        (x.offset, x.message)
    }

    #[test]
    fn parses() {
        let q = parse("inwi réseau OR 4G").unwrap();
        assert_eq!(
            q.root,
            Node::And(vec![
                Node::Term(0),
                Node::Or(vec![Node::Term(1), Node::Term(2)])
            ])
        );
        let q = parse("(inwi OR \"maroc telecom\") -\"jus d'orange\" NOT fruit").unwrap();
        assert_eq!(q.terms.len(), 4);
        assert_eq!(q.terms[1].text, "maroc telecom");
        assert!(!q.terms[2].positive);
        assert!(!q.terms[3].positive);
        let q = parse("inwi NEAR/5 (réseau OR 4g)").unwrap();
        assert!(matches!(q.root, Node::Near(_, _, 5)));
        let q = parse("=RAM or «Royal Air Maroc»").unwrap();
        assert!(q.terms[0].case_sensitive);
        assert_eq!(q.terms[1].text, "or");
        assert_eq!(q.terms[2].text, "Royal Air Maroc");
        assert_eq!(q.terms[0].source, "=RAM");
    }

    #[test]
    fn error_offsets() {
        assert_eq!(e("inwi \"réseau").0, 5);
        assert_eq!(e("inwi OR").0, 5);
        assert_eq!(e("OR inwi").0, 0);
        assert_eq!(e("inwi)").0, 4);
        assert_eq!(e("(inwi OR iam").0, 0);
        assert_eq!(e("inwi NEAR/x5 b").0, 10);
        assert_eq!(e("inwi NEAR b").0, 9);
        assert_eq!(e("inwi near/5 b").0, 5);
        assert_eq!(e("inw* x").0, 3);
        assert_eq!(e("é - x").0, 3);
        assert_eq!(e("a NEAR/2 b NEAR/2 c").0, 11);
        assert_eq!(e("a NEAR/2 (b c)").0, 9);
        assert_eq!(e("()").0, 0);
        assert_eq!(e("   ").0, 0);
        assert_eq!(e("a \"\"").0, 2);
    }

    #[test]
    fn near_distance_counts_words_between() {
        let mut b = vec![(6, 6)];
        assert!(near(&[(0, 0)], &mut b, 5));
        assert!(!near(&[(0, 0)], &mut b, 4));
        let mut b = vec![(0, 1)];
        assert!(near(&[(5, 5)], &mut b, 3));
        assert!(!near(&[(5, 5)], &mut b, 2));
    }
}
