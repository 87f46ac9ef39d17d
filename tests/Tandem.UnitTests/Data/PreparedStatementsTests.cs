using Tandem.Application.Data;

namespace Tandem.UnitTests.Data;

public class PreparedStatementsTests
{
    [Fact]
    public void Texts_are_admitted_until_the_limit_and_the_admitted_ones_stay()
    {
        var book = new PreparedStatements(2);
        Assert.True(book.Admit("SELECT 1"));
        Assert.True(book.Admit("SELECT 2"));
        Assert.False(book.Admit("SELECT 3"));
        Assert.True(book.Admit("SELECT 1"));
        Assert.True(book.Admit("SELECT 2"));
        Assert.Equal(2, book.Count);
    }

    [Fact]
    public async Task Many_texts_at_once_pass_the_limit_by_at_most_the_number_racing()
    {
        var book = new PreparedStatements(16);
        var racers = 8;
        await Task.WhenAll(Enumerable.Range(0, racers).Select(r => Task.Run(() =>
        {
            for (var n = 0; n < 1000; n++) book.Admit($"SELECT {r}, {n}");
        })));
        Assert.InRange(book.Count, 16, 16 + racers);
    }

    private static string Batch(params string[] statements) => string.Concat(statements.Select(s => s + ";" + Environment.NewLine));

    [Fact]
    public void A_save_of_several_rows_counts_as_the_statements_PostgreSQL_prepares()
    {
        const string item = "INSERT INTO backlog_items (\"Id\", \"Title\") VALUES ({0}, {1})";
        const string line = "INSERT INTO item_activity (\"ItemId\", \"Text\") VALUES ({0}, {1}) RETURNING \"Id\"";
        string Row(int n) => string.Format(System.Globalization.CultureInfo.InvariantCulture, item, $"@p{4 * n}", $"@p{4 * n + 1}")
            + ";" + Environment.NewLine + string.Format(System.Globalization.CultureInfo.InvariantCulture, line, $"@p{4 * n + 2}", $"@p{4 * n + 3}");
        var one = PreparedStatements.Shape(Batch(Row(0)));
        var eight = PreparedStatements.Shape(Batch(Enumerable.Range(0, 8).Select(Row).ToArray()));
        Assert.Equal(one, eight);

        // Rows of another kind met in another order: the same statements, the same shape.
        Assert.Equal(PreparedStatements.Shape(Batch("SELECT @p0", "SELECT @p1 + 1")), PreparedStatements.Shape(Batch("SELECT @p0 + 1", "SELECT @p1")));

        var book = new PreparedStatements(1);
        Assert.True(book.Admit(one));
        Assert.True(book.Admit(eight));
        Assert.Equal(1, book.Count);
    }

    [Fact]
    public void Saves_of_different_statements_and_single_statements_stay_apart()
    {
        var title = PreparedStatements.Shape(Batch("UPDATE backlog_items SET \"Title\" = @p0 WHERE \"Id\" = @p1", "INSERT INTO item_activity (\"Text\") VALUES (@p2)"));
        var value = PreparedStatements.Shape(Batch("UPDATE backlog_items SET \"BusinessValue\" = @p0 WHERE \"Id\" = @p1", "INSERT INTO item_activity (\"Text\") VALUES (@p2)"));
        Assert.NotEqual(title, value);
        // A single statement keeps its text, parameter names included.
        Assert.Equal("SELECT @p10 FROM x", PreparedStatements.Shape("SELECT @p10 FROM x"));
        Assert.NotEqual(PreparedStatements.Shape(Batch("SELECT @p1", "SELECT @p12")), PreparedStatements.Shape(Batch("SELECT @p1", "SELECT @p2 + 1")));
    }

    [Theory]
    [InlineData("Host=db;Database=tandem", true)]
    [InlineData("Host=db;Database=tandem;No Reset On Close=false", false)]
    [InlineData("Host=db;Database=tandem;NoResetOnClose=false", false)]
    public void The_connection_string_skips_the_pool_reset_unless_the_operator_chose(string given, bool expected)
    {
        var used = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = DatabaseSetup.ForTandem(given) };
        Assert.Equal("db", used["Host"]);
        Assert.Equal(expected, bool.Parse(used[used.ContainsKey("NoResetOnClose") ? "NoResetOnClose" : "No Reset On Close"].ToString()!));
    }

    private static readonly string[] PoolSizeKeys = ["Maximum Pool Size", "Max Pool Size", "MaxPoolSize"];

    [Theory]
    [InlineData("Host=db;Database=tandem", DatabaseSetup.DefaultPoolSize)]
    [InlineData("Host=db;Database=tandem;Maximum Pool Size=200", 200)]
    [InlineData("Host=db;Database=tandem;Max Pool Size=7", 7)]
    [InlineData("Host=db;Database=tandem;MaxPoolSize=9", 9)]
    public void The_pool_stays_under_PostgreSQLs_default_limit_unless_the_operator_chose(string given, int expected)
    {
        var used = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = DatabaseSetup.ForTandem(given) };
        var key = PoolSizeKeys.Single(used.ContainsKey);
        Assert.Equal(expected, int.Parse(used[key].ToString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(2 * DatabaseSetup.DefaultPoolSize < 100 - 3, "two nodes' pools and the superuser's reserve fit PostgreSQL's default max_connections");
    }

    [Fact]
    public void A_password_with_a_semicolon_survives()
    {
        var used = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = DatabaseSetup.ForTandem("Host=db;Password=\"a;b=c\"") };
        Assert.Equal("a;b=c", used["Password"]);
    }
}
