/// The words the built-in theme and gen's own markup show a reader ("Notes", "min read", the
/// kinds of note), and the way dates are written, in the site's `language`. English, French,
/// German and Spanish are built in (any other language gets English); gen.toml's `[labels]`
/// table replaces any string by its key.
public struct ThemeLabels: Sendable, Hashable {
    public let language: String
    public let strings: [String: String]

    public init(language: String, overrides: [String: String] = [:]) {
        self.language = language
        var strings = Self.builtIn["en"]!
        for (key, value) in Self.builtIn[Self.baseLanguage(language)] ?? [:] { strings[key] = value }
        for (key, value) in overrides { strings[key] = value }
        self.strings = strings
    }

    /// `fr` for `fr-CA`.
    static func baseLanguage(_ language: String) -> String {
        String(language.lowercased().split(whereSeparator: { $0 == "-" || $0 == "_" }).first ?? "en")
    }

    public subscript(key: String) -> String { strings[key] ?? key }

    /// Every key `[labels]` accepts.
    public static var keys: [String] { builtIn["en"]!.keys.sorted() }

    /// Whether the language is written right to left (`dir="rtl"`).
    public var isRightToLeft: Bool {
        ["ar", "arc", "dv", "fa", "ha", "he", "khw", "ks", "ku", "ps", "sd", "ur", "yi"].contains(Self.baseLanguage(language))
    }

    public var direction: String { isRightToLeft ? "rtl" : "ltr" }

    /// The language as Open Graph writes a locale, language and territory: `fr_CA` for
    /// `fr-CA`; a language alone gets the territory it is most often published from
    /// (`fr_FR`), or is left as it is.
    public var openGraphLocale: String {
        let parts = language.split(whereSeparator: { $0 == "-" || $0 == "_" })
        if parts.count >= 2 { return parts[0].lowercased() + "_" + parts[parts.count - 1].uppercased() }
        let territories = ["en": "US", "fr": "FR", "de": "DE", "es": "ES", "it": "IT", "pt": "PT", "nl": "NL", "sv": "SE",
                           "da": "DK", "nb": "NO", "fi": "FI", "pl": "PL", "ar": "AR", "he": "IL", "ja": "JP", "ko": "KR",
                           "zh": "CN", "ru": "RU", "tr": "TR", "el": "GR", "cs": "CZ", "uk": "UA", "ro": "RO", "hu": "HU"]
        let base = Self.baseLanguage(language)
        return territories[base].map { base + "_" + $0 } ?? language
    }

    var note: String { self["note"] }

    func kind(_ kind: Note.Kind) -> String {
        switch kind {
        case .factCheck: self["fact_check"]
        case .context: self["context"]
        case .correction: self["correction"]
        }
    }

    /// An entity kind's name: "Person", or with `plural` "People".
    func entityKind(_ kind: Entity.Kind, plural: Bool = false) -> String {
        self[(plural ? "kinds_" : "kind_") + kind.rawValue]
    }

    /// Screen-reader text for a passage several notes cover.
    func overlap(_ count: Int) -> String {
        " " + self["covered_by_notes"].replacingOccurrences(of: "{n}", with: String(count)) + " "
    }

    /// A date in the language's usual long form: "18 October 2024", "18 octobre 2024",
    /// "18. Oktober 2024", "18 de octubre de 2024".
    public func date(_ date: SiteDate) -> String { self.date(day: date.day, month: date.month, year: date.year) }

    func date(day: Int, month: Int, year: Int) -> String {
        let month = self["month_\(month)"]
        switch Self.baseLanguage(language) {
        case "de": return "\(day). \(month) \(year)"
        case "es": return "\(day) de \(month) de \(year)"
        default: return "\(day) \(month) \(year)"
        }
    }

    /// A source's date as far as it is known: "14 March 2005", "March 2005" ("mars 2005",
    /// "März 2005", "marzo de 2005"), "2005", or its text as written.
    public func date(_ date: SourceRecord.Date) -> String {
        // A range: "January–March 2020" within a year, months without days; else both ends.
        if let end = date.end, let year = date.parts.first {
            var start = date
            start.end = nil
            let last = SourceRecord.Date(parts: end)
            if end.first == year, date.parts.count == 2, end.count == 2, (1...12).contains(date.parts[1]), (1...12).contains(end[1]) {
                let months = "\(self["month_\(date.parts[1])"])\u{2013}\(self["month_\(end[1])"])"
                return Self.baseLanguage(language) == "es" ? "\(months) de \(year)" : "\(months) \(year)"
            }
            if date.parts.count == 1, end.count == 1 { return "\(year)\u{2013}\(end[0])" }
            return self.date(start) + " \u{2013} " + self.date(last)
        }
        guard let year = date.parts.first else { return date.raw ?? "" }
        guard date.parts.count >= 2, (1...12).contains(date.parts[1]) else { return String(year) }
        if date.parts.count >= 3 { return self.date(day: date.parts[2], month: date.parts[1], year: year) }
        let month = self["month_\(date.parts[1])"]
        return Self.baseLanguage(language) == "es" ? "\(month) de \(year)" : "\(month) \(year)"
    }

    /// A reference's edition: a number as the language's ordinal in the `edition` label ("2nd
    /// ed.", "2e éd.", "2. Aufl.", "2.ª ed."), anything else as written ("Revised edition").
    func edition(_ edition: String) -> String {
        guard let number = Int(edition), number > 0, edition.allSatisfy(\.isASCII) else { return edition }
        let ordinal: String
        switch Self.baseLanguage(language) {
        case "fr": ordinal = number == 1 ? "1re" : "\(number)e"
        case "de": ordinal = "\(number)."
        case "es": ordinal = "\(number).ª"
        default:
            let suffix = (11...13).contains(number % 100) ? "th" : [1: "st", 2: "nd", 3: "rd"][number % 10] ?? "th"
            ordinal = "\(number)\(suffix)"
        }
        return self["edition"].replacingOccurrences(of: "{edition}", with: ordinal)
    }

    static let months: [String: [String]] = [
        "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
        "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
        "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"],
        "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
    ]

    static let builtIn: [String: [String: String]] = {
        var table: [String: [String: String]] = [
            "en": [
                "and": "and", "in": "In", "edited_by": "Edited by {names}", "editor_short": "ed.", "editors_short": "eds.", "et_al": "et al.", "translated_by": "Translated by {names}", "edition": "{edition} ed.", "no_date": "n.d.", "archived_copy": "archived copy", "accessed": "Accessed {date}", "skip_to_content": "Skip to content", "site_navigation": "Site", "articles": "Articles",
                "tags": "Tags", "entities": "Entities", "sources": "Sources", "atom_feed": "Atom feed",
                "built_with": "Built with gen", "min_read": "min read", "first_published": "First published",
                "first_published_by": "First published by", "draft": "Draft", "in_this_article": "In this article", "contents": "Contents", "section_link": "Link to the section “{title}”",
                "notes": "Notes", "note": "Note", "fact_check": "Fact check", "context": "Context",
                "correction": "Correction", "verdict": "Verdict:", "under_review": "Under review", "verdict_true": "True", "verdict_mostly_true": "Mostly true", "verdict_misleading": "Misleading", "verdict_unsupported": "Unsupported", "verdict_false": "False", "by": "By", "back_to_passage": "Back to the passage",
                "back_to_citation": "Back to citation", "covered_by_notes": "(covered by {n} notes)",
                "orphaned_notes": "Orphaned notes", "task_done": "Done", "task_open": "Not done", "footnote": "Footnote", "footnotes": "Footnotes", "back_to_text": "Back to the text",
                "kind_person": "Person", "kinds_person": "People", "kind_organization": "Organisation", "kinds_organization": "Organisations", "kind_place": "Place", "kinds_place": "Places", "kind_event": "Event", "kinds_event": "Events", "kind_work": "Work", "kinds_work": "Works", "kind_topic": "Topic", "kinds_topic": "Topics", "kind_other": "Other", "kinds_other": "Others",
                "undated": "Undated", "page_not_found_text": "There is no page at this address. It may have moved, or the link may be mistyped.", "go_to_articles": "Go to the list of articles", "cited_in": "Cited in", "a_note_on": "A note on", "page_not_found": "Page not found",
                "n_note": "note", "n_notes": "notes", "n_source": "source", "n_sources": "sources", "n_article": "article", "n_articles": "articles", "n_mention": "mention", "n_mentions": "mentions", "mentioned_in": "Mentioned in", "mentioned_in_article": "article", "mentioned_in_articles": "articles", "also_written": "Also written:", "official_site": "Official site", "mentioned_with": "Most often mentioned with", "co_mentions_title": "{name} and the entities most often mentioned with it", "co_mentions_shown": "The picture shows the first {n} of the {total} below.", "mentioning_pages": "Pages", "no_mentions_yet": "No article mentions it yet.", "entities_lede": "The people, organisations and places the articles mention, with how many articles mention each.", "no_entities_yet": "No entities yet: add a file per person, organisation or place to content/entities/.", "page": "Page", "of": "of", "pages": "Pages", "previous": "Previous", "next": "Next", "no_articles_yet": "No articles yet: add a Markdown file to content/articles/.", "sources_lede": "Every source in the bibliography, with the articles that cite it.", "not_cited_yet": "Not cited yet.", "no_sources_yet": "No sources yet: add them to content/sources.yaml (CSL-YAML) or content/sources.json (CSL-JSON).", "no_tags_yet": "No article has tags yet.", "orphans_text": "These notes quote words that are no longer in the article.", "line": "line", "closest_passage": "closest passage",
                "search": "Search", "verdict_filter": "Verdict", "search_site": "Search the site", "search_what": "Articles, notes and entities", "narrow_down": "Narrow down", "any": "Any", "year": "Year", "tag": "Tag", "entity": "Entity", "source": "Source", "more_results": "More results", "search_needs_javascript": "Search needs JavaScript.", "searching": "Searching…", "no_results": "No results.", "one_result": "1 result.", "n_results": "{n} results.", "search_unavailable": "Search is not available:", "search_stale": "The search index is being rebuilt after your last change: results may be stale.", "search_failed": "The search index could not be made:",
            ],
            "fr": [
                "and": "et", "in": "Dans", "edited_by": "Sous la direction de {names}", "editor_short": "dir.", "editors_short": "dir.", "et_al": "et al.", "translated_by": "Traduit par {names}", "edition": "{edition} éd.", "no_date": "s. d.", "archived_copy": "copie archivée", "accessed": "Consulté le {date}", "skip_to_content": "Aller au contenu", "site_navigation": "Site", "articles": "Articles",
                "tags": "Mots-clés", "entities": "Entités", "sources": "Sources", "atom_feed": "Flux Atom",
                "built_with": "Fait avec gen", "min_read": "min de lecture", "first_published": "Publié d’abord",
                "first_published_by": "Publié d’abord par", "draft": "Brouillon", "in_this_article": "Dans cet article", "contents": "Sommaire", "section_link": "Lien vers la section « {title} »",
                "notes": "Notes", "note": "Note", "fact_check": "Vérification", "context": "Contexte",
                "correction": "Correction", "verdict": "Verdict :", "under_review": "En cours de révision", "verdict_true": "Vrai", "verdict_mostly_true": "Plutôt vrai", "verdict_misleading": "Trompeur", "verdict_unsupported": "Non étayé", "verdict_false": "Faux", "by": "Par", "back_to_passage": "Retour au passage",
                "back_to_citation": "Retour à la citation", "covered_by_notes": "(concerné par {n} notes)",
                "orphaned_notes": "Notes orphelines", "task_done": "Fait", "task_open": "À faire", "footnote": "Note de bas de page", "footnotes": "Notes de bas de page", "back_to_text": "Retour au texte",
                "kind_person": "Personne", "kinds_person": "Personnes", "kind_organization": "Organisation", "kinds_organization": "Organisations", "kind_place": "Lieu", "kinds_place": "Lieux", "kind_event": "Événement", "kinds_event": "Événements", "kind_work": "Œuvre", "kinds_work": "Œuvres", "kind_topic": "Sujet", "kinds_topic": "Sujets", "kind_other": "Autre", "kinds_other": "Autres",
                "undated": "Sans date", "page_not_found_text": "Aucune page à cette adresse. Elle a peut-être changé de place, ou le lien est mal écrit.", "go_to_articles": "Aller à la liste des articles", "cited_in": "Cité dans", "a_note_on": "Une note sur", "page_not_found": "Page introuvable",
                "n_note": "note", "n_notes": "notes", "n_source": "source", "n_sources": "sources", "n_article": "article", "n_articles": "articles", "n_mention": "mention", "n_mentions": "mentions", "mentioned_in": "Mentionné dans", "mentioned_in_article": "article", "mentioned_in_articles": "articles", "also_written": "Aussi écrit :", "official_site": "Site officiel", "mentioned_with": "Le plus souvent cité avec", "co_mentions_title": "{name} et les entités le plus souvent citées avec", "co_mentions_shown": "L’image montre les {n} premiers des {total} ci-dessous.", "mentioning_pages": "Pages", "no_mentions_yet": "Aucun article n’en parle encore.", "entities_lede": "Les personnes, organisations et lieux que mentionnent les articles, avec le nombre d’articles qui parlent de chacun.", "no_entities_yet": "Aucune entité pour l’instant : ajoutez un fichier par personne, organisation ou lieu dans content/entities/.", "page": "Page", "of": "sur", "pages": "Pages", "previous": "Précédente", "next": "Suivante", "no_articles_yet": "Aucun article pour l’instant : ajoutez un fichier Markdown dans content/articles/.", "sources_lede": "Toutes les sources de la bibliographie, avec les articles qui les citent.", "not_cited_yet": "Pas encore citée.", "no_sources_yet": "Aucune source pour l’instant : ajoutez-les dans content/sources.yaml (CSL-YAML) ou content/sources.json (CSL-JSON).", "no_tags_yet": "Aucun article n’a encore de mot-clé.", "orphans_text": "Ces notes citent des mots qui ne sont plus dans l’article.", "line": "ligne", "closest_passage": "passage le plus proche",
                "search": "Rechercher", "verdict_filter": "Verdict", "search_site": "Rechercher sur le site", "search_what": "Articles, notes et entités", "narrow_down": "Affiner", "any": "Tous", "year": "Année", "tag": "Mot-clé", "entity": "Entité", "source": "Source", "more_results": "Plus de résultats", "search_needs_javascript": "La recherche a besoin de JavaScript.", "searching": "Recherche…", "no_results": "Aucun résultat.", "one_result": "1 résultat.", "n_results": "{n} résultats.", "search_unavailable": "La recherche n’est pas disponible :", "search_stale": "L’index de recherche est refait après votre dernière modification : les résultats peuvent être anciens.", "search_failed": "L’index de recherche n’a pas pu être fait :",
            ],
            "de": [
                "and": "und", "in": "In", "edited_by": "Herausgegeben von {names}", "editor_short": "Hrsg.", "editors_short": "Hrsg.", "et_al": "u. a.", "translated_by": "Übersetzt von {names}", "edition": "{edition} Aufl.", "no_date": "o. J.", "archived_copy": "archivierte Kopie", "accessed": "Abgerufen am {date}", "skip_to_content": "Zum Inhalt springen", "site_navigation": "Website", "articles": "Artikel",
                "tags": "Schlagwörter", "entities": "Entitäten", "sources": "Quellen", "atom_feed": "Abonnieren (Atom)",
                "built_with": "Erstellt mit gen", "min_read": "Min. Lesezeit", "first_published": "Zuerst erschienen",
                "first_published_by": "Zuerst erschienen bei", "draft": "Entwurf", "in_this_article": "In diesem Artikel", "contents": "Inhalt", "section_link": "Link zum Abschnitt „{title}“",
                "notes": "Anmerkungen", "note": "Anmerkung", "fact_check": "Faktencheck", "context": "Kontext",
                "correction": "Korrektur", "verdict": "Urteil:", "under_review": "Wird überprüft", "verdict_true": "Wahr", "verdict_mostly_true": "Größtenteils wahr", "verdict_misleading": "Irreführend", "verdict_unsupported": "Unbelegt", "verdict_false": "Falsch", "by": "Von", "back_to_passage": "Zurück zur Textstelle",
                "back_to_citation": "Zurück zum Zitat", "covered_by_notes": "(von {n} Anmerkungen erfasst)",
                "orphaned_notes": "Verwaiste Anmerkungen", "task_done": "Erledigt", "task_open": "Offen", "footnote": "Fußnote", "footnotes": "Fußnoten", "back_to_text": "Zurück zum Text",
                "kind_person": "Person", "kinds_person": "Personen", "kind_organization": "Organisation", "kinds_organization": "Organisationen", "kind_place": "Ort", "kinds_place": "Orte", "kind_event": "Ereignis", "kinds_event": "Ereignisse", "kind_work": "Werk", "kinds_work": "Werke", "kind_topic": "Thema", "kinds_topic": "Themen", "kind_other": "Sonstiges", "kinds_other": "Sonstige",
                "undated": "Ohne Datum", "page_not_found_text": "Unter dieser Adresse gibt es keine Seite. Sie wurde vielleicht verschoben, oder der Link ist falsch geschrieben.", "go_to_articles": "Zur Liste der Artikel", "cited_in": "Zitiert in", "a_note_on": "Eine Anmerkung zu", "page_not_found": "Seite nicht gefunden",
                "n_note": "Anmerkung", "n_notes": "Anmerkungen", "n_source": "Quelle", "n_sources": "Quellen", "n_article": "Artikel", "n_articles": "Artikel", "n_mention": "Erwähnung", "n_mentions": "Erwähnungen", "mentioned_in": "Erwähnt in", "mentioned_in_article": "Artikel", "mentioned_in_articles": "Artikeln", "also_written": "Auch geschrieben:", "official_site": "Offizielle Website", "mentioned_with": "Am häufigsten erwähnt mit", "co_mentions_title": "{name} und die Einträge, die am häufigsten mit erwähnt werden", "co_mentions_shown": "Das Bild zeigt die ersten {n} der {total} unten.", "mentioning_pages": "Seiten", "no_mentions_yet": "Noch erwähnt kein Artikel diesen Eintrag.", "entities_lede": "Die Personen, Organisationen und Orte, die in den Artikeln vorkommen, mit der Zahl der Artikel, die sie erwähnen.", "no_entities_yet": "Noch keine Entitäten: legen Sie je Person, Organisation oder Ort eine Datei in content/entities/ an.", "page": "Seite", "of": "von", "pages": "Seiten", "previous": "Zurück", "next": "Weiter", "no_articles_yet": "Noch keine Artikel: legen Sie eine Markdown-Datei in content/articles/ an.", "sources_lede": "Alle Quellen der Bibliografie, mit den Artikeln, die sie zitieren.", "not_cited_yet": "Noch nicht zitiert.", "no_sources_yet": "Noch keine Quellen: tragen Sie sie in content/sources.yaml (CSL-YAML) oder content/sources.json (CSL-JSON) ein.", "no_tags_yet": "Noch hat kein Artikel Schlagwörter.", "orphans_text": "Diese Anmerkungen zitieren Wörter, die nicht mehr im Artikel stehen.", "line": "Zeile", "closest_passage": "nächste Textstelle",
                "search": "Suchen", "verdict_filter": "Urteil", "search_site": "Die Website durchsuchen", "search_what": "Artikel, Anmerkungen und Entitäten", "narrow_down": "Eingrenzen", "any": "Alle", "year": "Jahr", "tag": "Schlagwort", "entity": "Entität", "source": "Quelle", "more_results": "Weitere Ergebnisse", "search_needs_javascript": "Die Suche braucht JavaScript.", "searching": "Suche läuft…", "no_results": "Keine Ergebnisse.", "one_result": "1 Ergebnis.", "n_results": "{n} Ergebnisse.", "search_unavailable": "Die Suche ist nicht verfügbar:", "search_stale": "Der Suchindex wird nach Ihrer letzten Änderung neu erstellt: Ergebnisse können veraltet sein.", "search_failed": "Der Suchindex konnte nicht erstellt werden:",
            ],
            "es": [
                "and": "y", "in": "En", "edited_by": "Editado por {names}", "editor_short": "ed.", "editors_short": "eds.", "et_al": "et al.", "translated_by": "Traducido por {names}", "edition": "{edition} ed.", "no_date": "s. f.", "archived_copy": "copia archivada", "accessed": "Consultado el {date}", "skip_to_content": "Saltar al contenido", "site_navigation": "Sitio", "articles": "Artículos",
                "tags": "Etiquetas", "entities": "Entidades", "sources": "Fuentes", "atom_feed": "Canal Atom",
                "built_with": "Hecho con gen", "min_read": "min de lectura", "first_published": "Publicado originalmente",
                "first_published_by": "Publicado originalmente por", "draft": "Borrador", "in_this_article": "En este artículo", "contents": "Índice", "section_link": "Enlace a la sección «{title}»",
                "notes": "Notas", "note": "Nota", "fact_check": "Verificación", "context": "Contexto",
                "correction": "Corrección", "verdict": "Veredicto:", "under_review": "En revisión", "verdict_true": "Verdadero", "verdict_mostly_true": "Mayormente verdadero", "verdict_misleading": "Engañoso", "verdict_unsupported": "Sin fundamento", "verdict_false": "Falso", "by": "Por", "back_to_passage": "Volver al pasaje",
                "back_to_citation": "Volver a la cita", "covered_by_notes": "(con {n} notas)",
                "orphaned_notes": "Notas huérfanas", "task_done": "Hecho", "task_open": "Pendiente", "footnote": "Nota al pie", "footnotes": "Notas al pie", "back_to_text": "Volver al texto",
                "kind_person": "Persona", "kinds_person": "Personas", "kind_organization": "Organización", "kinds_organization": "Organizaciones", "kind_place": "Lugar", "kinds_place": "Lugares", "kind_event": "Evento", "kinds_event": "Eventos", "kind_work": "Obra", "kinds_work": "Obras", "kind_topic": "Tema", "kinds_topic": "Temas", "kind_other": "Otro", "kinds_other": "Otros",
                "undated": "Sin fecha", "page_not_found_text": "No hay ninguna página en esta dirección. Puede que se haya movido o que el enlace esté mal escrito.", "go_to_articles": "Ir a la lista de artículos", "cited_in": "Citado en", "a_note_on": "Una nota sobre", "page_not_found": "Página no encontrada",
                "n_note": "nota", "n_notes": "notas", "n_source": "fuente", "n_sources": "fuentes", "n_article": "artículo", "n_articles": "artículos", "n_mention": "mención", "n_mentions": "menciones", "mentioned_in": "Mencionado en", "mentioned_in_article": "artículo", "mentioned_in_articles": "artículos", "also_written": "También escrito:", "official_site": "Sitio oficial", "mentioned_with": "Mencionado con más frecuencia con", "co_mentions_title": "{name} y las entidades mencionadas con más frecuencia junto a ella", "co_mentions_shown": "La imagen muestra las {n} primeras de las {total} de abajo.", "mentioning_pages": "Páginas", "no_mentions_yet": "Ningún artículo lo menciona todavía.", "entities_lede": "Las personas, organizaciones y lugares que mencionan los artículos, con cuántos artículos mencionan a cada uno.", "no_entities_yet": "Aún no hay entidades: añada un archivo por persona, organización o lugar en content/entities/.", "page": "Página", "of": "de", "pages": "Páginas", "previous": "Anterior", "next": "Siguiente", "no_articles_yet": "Aún no hay artículos: añada un archivo Markdown en content/articles/.", "sources_lede": "Todas las fuentes de la bibliografía, con los artículos que las citan.", "not_cited_yet": "Aún no citada.", "no_sources_yet": "Aún no hay fuentes: añádalas en content/sources.yaml (CSL-YAML) o content/sources.json (CSL-JSON).", "no_tags_yet": "Ningún artículo tiene etiquetas todavía.", "orphans_text": "Estas notas citan palabras que ya no están en el artículo.", "line": "línea", "closest_passage": "pasaje más cercano",
                "search": "Buscar", "verdict_filter": "Veredicto", "search_site": "Buscar en el sitio", "search_what": "Artículos, notas y entidades", "narrow_down": "Afinar", "any": "Cualquiera", "year": "Año", "tag": "Etiqueta", "entity": "Entidad", "source": "Fuente", "more_results": "Más resultados", "search_needs_javascript": "La búsqueda necesita JavaScript.", "searching": "Buscando…", "no_results": "Sin resultados.", "one_result": "1 resultado.", "n_results": "{n} resultados.", "search_unavailable": "La búsqueda no está disponible:", "search_stale": "El índice de búsqueda se está rehaciendo tras su último cambio: los resultados pueden estar desactualizados.", "search_failed": "No se pudo hacer el índice de búsqueda:",
            ],
        ]
        for (language, names) in months {
            for (index, name) in names.enumerated() { table[language]!["month_\(index + 1)"] = name }
        }
        return table
    }()
}
