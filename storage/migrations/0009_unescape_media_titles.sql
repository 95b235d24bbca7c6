-- Files sent without a caption were titled through the HTML-escaping translator and
-- stored as "File Q&amp;A.pdf", then escaped again whenever shown. Such an item's text
-- is its title (there was no caption to keep).
UPDATE items
SET title = replace(replace(replace(title, '&lt;', '<'), '&gt;', '>'), '&amp;', '&'),
    text = replace(replace(replace(text, '&lt;', '<'), '&gt;', '>'), '&amp;', '&')
WHERE source IN ('file', 'voice') AND title = text AND title LIKE '%&%;%';
